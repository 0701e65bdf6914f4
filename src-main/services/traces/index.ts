export { TraceService, type TraceServiceOptions } from './trace-service';
export { ConsoleRing } from './console-ring';
export { MsrpFrameAssembler, type MsrpFrame } from './msrp-frame-assembler';
export { sipEntryParts, msrpSessionIdsOf } from './sip-entry';
export { formatConsoleExport } from './console-export';
