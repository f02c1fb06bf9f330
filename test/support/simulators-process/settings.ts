/** What the simulators process is started with (JSON in SIMULATORS_SETTINGS). */
export interface SimulatorsSettings {
  /** The gateway the welfare package sends its decisions to. */
  welfareCallbackUrl: string;
  welfareCallbackDelayMs: number;
  taxExchangeDirectory: string;
  taxPollIntervalMs: number;
}

/** What each simulated system did, one entry per effect, by message id (request id for pickups). */
export interface SimulatorsLedger {
  registryNotices: string[];
  welfareImports: string[];
  /** Decisions the gateway accepted (2xx). */
  welfareCallbacks: string[];
  /** Every request line of the request files the tax system has taken. */
  taxRequestLines: string[];
  storePickups: string[];
}

/** Where the simulators listen. */
export interface SimulatorsAddresses {
  payment: string;
  residentRegistry: string;
  welfare: string;
  convenienceStore: string;
  ledgerUrl: string;
}
