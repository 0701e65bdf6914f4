export { LanAccountService, type LanAccountEvents, type LanAccountServiceOptions, type LanAccountSettings } from './lan-account-service';
export { chooseLanAddress, lanUserPart } from './lan-interface-address';
export { lanPeerViews } from './lan-peer-views';
