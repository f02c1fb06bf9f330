import type { AppEnv } from '../http/env.js';
import type { ActiveSession } from '../staff/staff-sessions.js';

/** The console's request variables: the gateway's, and the live session behind the sign-in check. */
export type ConsoleEnv = AppEnv & { Variables: AppEnv['Variables'] & { session: ActiveSession } };
