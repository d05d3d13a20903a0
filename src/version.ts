/** This package's version; the instrumentation scope version of the domain classes. */
export const VERSION = '0.1.0';
