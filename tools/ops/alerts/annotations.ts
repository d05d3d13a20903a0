// Alert annotations written once as parts, rendered two ways: as a Prometheus (Go) template for
// alerts.yml, and as the text Prometheus produces for given labels and value, which promtool's
// unit tests compare exactly.

export type ValueFormat = 'percent' | 'seconds' | 'count';

export type AnnotationPart = string | { readonly label: string } | { readonly value: ValueFormat };

export type Annotation = readonly AnnotationPart[];

const TEMPLATE: Record<ValueFormat, string> = {
  percent: '{{ $value | humanizePercentage }}',
  seconds: '{{ $value | printf "%.2f" }}s',
  count: '{{ $value | printf "%.0f" }}',
};

export function toTemplate(annotation: Annotation): string {
  return annotation.map((p) => (typeof p === 'string' ? p : 'label' in p ? `{{ $labels.${p.label} }}` : TEMPLATE[p.value])).join('');
}

/**
 * Go's %.<precision>g: shortest of %e and %f at that many significant digits, trailing zeros
 * removed, exponent with at least two digits.
 */
export function goFormatG(value: number, precision: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  const [mantissa, exponentText] = value.toExponential(precision - 1).split('e') as [string, string];
  const exponent = Number(exponentText);
  const strip = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exponent < -4 || exponent >= precision) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${strip(mantissa)}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  return strip(value.toFixed(Math.max(0, precision - 1 - exponent)));
}

function formatValue(format: ValueFormat, value: number): string {
  switch (format) {
    case 'percent':
      // Prometheus: humanizePercentage = fmt.Sprintf("%.4g%%", v*100)
      return `${goFormatG(value * 100, 4)}%`;
    case 'seconds':
      return `${value.toFixed(2)}s`;
    case 'count':
      return value.toFixed(0);
  }
}

/** The text Prometheus renders for an alert with these labels and value. */
export function render(annotation: Annotation, labels: Readonly<Record<string, string>>, value: number): string {
  return annotation
    .map((p) => {
      if (typeof p === 'string') return p;
      if ('label' in p) {
        const v = labels[p.label];
        if (v === undefined) throw new Error(`annotation uses label ${p.label}, which the alert does not have`);
        return v;
      }
      return formatValue(p.value, value);
    })
    .join('');
}

/** A threshold as annotation text: 0.05 → "5%". */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(6))}%`;
}
