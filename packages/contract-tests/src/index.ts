export { ContractValidator, type ExchangeRecord, type Violation } from "./validator.js";
export { loadContract, type Operation, type Spec } from "./spec.js";
export { readConfig, type ContractConfig, type Target } from "./targets.js";
export { exampleRequest, authHeaders, send } from "./exchange.js";
export { markdown, mergeReport, type ContractReport, type OperationResult } from "./report.js";
export { Session, eventually, type CallResult } from "./session.js";
