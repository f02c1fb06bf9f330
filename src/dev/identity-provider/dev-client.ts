/** The client the gateway's console is at the bundled provider (dev profile only). */
export const DEV_STAFF_CLIENT = { clientId: 'kakehashi-console', clientSecret: 'dev-console-client-secret-not-for-production' } as const;
