import { coreSystemContract } from './core-system.contract.js';
import { residentRegistryHarness } from './resident-registry.harness.js';
import { taxHarness } from './tax.harness.js';
import { welfareHarness } from './welfare.harness.js';

coreSystemContract('resident registry (XML over HTTP)', residentRegistryHarness);
coreSystemContract('welfare (CSV upload, signed callback)', welfareHarness);
coreSystemContract('tax (fixed-length batch files)', taxHarness);
