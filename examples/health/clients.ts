// Stand-ins for a service's own clients, so that the README's health examples compile.

export const pool = {
  async query(_sql: string, _options: { signal: AbortSignal }): Promise<{ rows: unknown[] }> {
    return { rows: [] };
  },
};

export const search = {
  async lagSeconds(): Promise<number> {
    return 0;
  },
};
