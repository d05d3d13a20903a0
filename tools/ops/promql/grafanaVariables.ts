// Grafana template variables in a dashboard query are not PromQL; they are replaced by
// representative values before a query is parsed or handed to promtool.

/** Grafana's built-in interval variables, which stand where PromQL expects a duration. */
const DURATION_VARIABLES = new Set(['__rate_interval', '__interval', '__range', '__range_s', '__range_ms', '__interval_ms']);

// $name, ${name}, ${name:format} and the deprecated [[name]].
const VARIABLE = /\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::[^\]]*)?\]\]|\$(\w+)/g;

export interface SubstituteOptions {
  /** Keep user variables (like `$job`) as written; replace only the duration variables. */
  readonly keepUserVariables?: boolean;
}

/**
 * Replaces Grafana variables: duration variables by `5m` (`$__range_s` and friends by a number of
 * seconds or ms), every other variable by `.*`, which is what "All" means inside a regex matcher.
 */
export function substituteGrafanaVariables(expr: string, options: SubstituteOptions = {}): string {
  return expr.replace(VARIABLE, (whole, braced?: string, bracketed?: string, bare?: string) => {
    const name = braced ?? bracketed ?? bare ?? '';
    if (DURATION_VARIABLES.has(name)) {
      if (name.endsWith('_ms')) return '300000';
      if (name.endsWith('_s')) return '300';
      return '5m';
    }
    return options.keepUserVariables ? whole : '.*';
  });
}
