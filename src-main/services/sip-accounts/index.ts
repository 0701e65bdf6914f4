export { SipAccountService, type SipAccountServiceOptions } from './sip-account-service';
export { registrationView } from './registration-view';
export { addressParts, msrpRelaySettings, msrpScheme, sipAccountConfig } from './sip-account-config';
