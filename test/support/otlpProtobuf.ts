// Decodes a binary OTLP ExportMetricsServiceRequest into the shape of its OTLP/JSON form, so that one
// set of assertions reads what any of the three protocols delivered. Field numbers are those of
// opentelemetry/proto/metrics/v1/metrics.proto; 64-bit integers come out as decimal strings, as in
// the JSON mapping. Only the messages the library sends are decoded; other fields are skipped.
import type { OtlpExportRequest, OtlpHistogramPoint, OtlpKeyValue, OtlpMetric, OtlpNumberPoint } from './otlpReceiver.js';

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

class WireReader {
  private pos = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }
  tag(): { field: number; wire: number } {
    const key = Number(this.varint());
    return { field: key >>> 3, wire: key & 7 };
  }
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.bytes.length) throw new Error('truncated varint');
      const byte = this.bytes[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new Error('varint longer than 10 bytes');
  }
  bytesField(): Uint8Array {
    const length = Number(this.varint());
    if (this.pos + length > this.bytes.length) throw new Error('truncated length-delimited field');
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
  string(): string {
    return new TextDecoder().decode(this.bytesField());
  }
  fixed64(): bigint {
    const value = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return value;
  }
  sfixed64(): bigint {
    const value = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return value;
  }
  double(): number {
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }
  skip(wire: number): void {
    if (wire === VARINT) this.varint();
    else if (wire === FIXED64) this.pos += 8;
    else if (wire === LENGTH_DELIMITED) this.bytesField();
    else if (wire === FIXED32) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

/** Calls `onField` for every field of the message in `bytes`; the callback skips what it does not read. */
function fields(bytes: Uint8Array, onField: (field: number, wire: number, reader: WireReader) => boolean): void {
  const reader = new WireReader(bytes);
  while (!reader.atEnd()) {
    const { field, wire } = reader.tag();
    if (!onField(field, wire, reader)) reader.skip(wire);
  }
}

/** A repeated fixed64 or double: packed (one length-delimited run) or one value per tag. */
function repeated64<T>(wire: number, reader: WireReader, read: (r: WireReader) => T, into: T[]): void {
  if (wire !== LENGTH_DELIMITED) {
    into.push(read(reader));
    return;
  }
  const packed = new WireReader(reader.bytesField());
  while (!packed.atEnd()) into.push(read(packed));
}

export function decodeExportMetricsRequest(bytes: Uint8Array): OtlpExportRequest {
  const request: OtlpExportRequest = { resourceMetrics: [] };
  fields(bytes, (field, wire, r) => {
    if (field !== 1 || wire !== LENGTH_DELIMITED) return false;
    request.resourceMetrics.push(resourceMetrics(r.bytesField()));
    return true;
  });
  return request;
}

function resourceMetrics(bytes: Uint8Array): OtlpExportRequest['resourceMetrics'][number] {
  const out: OtlpExportRequest['resourceMetrics'][number] = { resource: { attributes: [] }, scopeMetrics: [] };
  fields(bytes, (field, wire, r) => {
    if (wire !== LENGTH_DELIMITED) return false;
    if (field === 1) out.resource = { attributes: attributesIn(r.bytesField(), 1) };
    else if (field === 2) out.scopeMetrics.push(scopeMetrics(r.bytesField()));
    else return false;
    return true;
  });
  return out;
}

function scopeMetrics(bytes: Uint8Array): OtlpExportRequest['resourceMetrics'][number]['scopeMetrics'][number] {
  const out: OtlpExportRequest['resourceMetrics'][number]['scopeMetrics'][number] = { scope: { name: '' }, metrics: [] };
  fields(bytes, (field, wire, r) => {
    if (wire !== LENGTH_DELIMITED) return false;
    if (field === 1) out.scope = scope(r.bytesField());
    else if (field === 2) out.metrics.push(metric(r.bytesField()));
    else return false;
    return true;
  });
  return out;
}

function scope(bytes: Uint8Array): { name: string; version?: string } {
  const out: { name: string; version?: string } = { name: '' };
  fields(bytes, (field, wire, r) => {
    if (wire !== LENGTH_DELIMITED) return false;
    if (field === 1) out.name = r.string();
    else if (field === 2) out.version = r.string();
    else return false;
    return true;
  });
  return out;
}

function metric(bytes: Uint8Array): OtlpMetric {
  const out: OtlpMetric = { name: '' };
  fields(bytes, (field, wire, r) => {
    if (wire !== LENGTH_DELIMITED) return false;
    switch (field) {
      case 1:
        out.name = r.string();
        return true;
      case 2:
        out.description = r.string();
        return true;
      case 3:
        out.unit = r.string();
        return true;
      case 5:
        out.gauge = { dataPoints: pointsOf(r.bytesField()).dataPoints };
        return true;
      case 7:
        out.sum = pointsOf(r.bytesField());
        return true;
      case 9:
        out.histogram = histogram(r.bytesField());
        return true;
      default:
        return false;
    }
  });
  return out;
}

/** Gauge and Sum: data points (1), and for a Sum its temporality (2) and monotonicity (3). */
function pointsOf(bytes: Uint8Array): { dataPoints: OtlpNumberPoint[]; aggregationTemporality: number; isMonotonic?: boolean } {
  const out: { dataPoints: OtlpNumberPoint[]; aggregationTemporality: number; isMonotonic?: boolean } = { dataPoints: [], aggregationTemporality: 0 };
  fields(bytes, (field, wire, r) => {
    if (field === 1 && wire === LENGTH_DELIMITED) out.dataPoints.push(numberPoint(r.bytesField()));
    else if (field === 2 && wire === VARINT) out.aggregationTemporality = Number(r.varint());
    else if (field === 3 && wire === VARINT) out.isMonotonic = r.varint() !== 0n;
    else return false;
    return true;
  });
  return out;
}

function numberPoint(bytes: Uint8Array): OtlpNumberPoint {
  const out: OtlpNumberPoint = { startTimeUnixNano: '0', timeUnixNano: '0' };
  const attributes: OtlpKeyValue[] = [];
  fields(bytes, (field, wire, r) => {
    if (field === 7 && wire === LENGTH_DELIMITED) attributes.push(keyValue(r.bytesField()));
    else if (field === 2 && wire === FIXED64) out.startTimeUnixNano = r.fixed64().toString();
    else if (field === 3 && wire === FIXED64) out.timeUnixNano = r.fixed64().toString();
    else if (field === 4 && wire === FIXED64) out.asDouble = r.double();
    else if (field === 6 && wire === FIXED64) out.asInt = r.sfixed64().toString();
    else return false;
    return true;
  });
  out.attributes = attributes;
  return out;
}

function histogram(bytes: Uint8Array): { dataPoints: OtlpHistogramPoint[]; aggregationTemporality: number } {
  const out: { dataPoints: OtlpHistogramPoint[]; aggregationTemporality: number } = { dataPoints: [], aggregationTemporality: 0 };
  fields(bytes, (field, wire, r) => {
    if (field === 1 && wire === LENGTH_DELIMITED) out.dataPoints.push(histogramPoint(r.bytesField()));
    else if (field === 2 && wire === VARINT) out.aggregationTemporality = Number(r.varint());
    else return false;
    return true;
  });
  return out;
}

function histogramPoint(bytes: Uint8Array): OtlpHistogramPoint {
  const out: OtlpHistogramPoint = { count: '0', bucketCounts: [], explicitBounds: [] };
  const attributes: OtlpKeyValue[] = [];
  const counts: bigint[] = [];
  fields(bytes, (field, wire, r) => {
    if (field === 9 && wire === LENGTH_DELIMITED) attributes.push(keyValue(r.bytesField()));
    else if (field === 4 && wire === FIXED64) out.count = r.fixed64().toString();
    else if (field === 5 && wire === FIXED64) out.sum = r.double();
    else if (field === 6) repeated64(wire, r, (x) => x.fixed64(), counts);
    else if (field === 7) repeated64(wire, r, (x) => x.double(), out.explicitBounds);
    else if (field === 11 && wire === FIXED64) out.min = r.double();
    else if (field === 12 && wire === FIXED64) out.max = r.double();
    else return false;
    return true;
  });
  out.attributes = attributes;
  out.bucketCounts = counts.map((c) => c.toString());
  return out;
}

/** The repeated KeyValue field `field` of a message (Resource attributes are field 1). */
function attributesIn(bytes: Uint8Array, field: number): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  fields(bytes, (f, wire, r) => {
    if (f !== field || wire !== LENGTH_DELIMITED) return false;
    out.push(keyValue(r.bytesField()));
    return true;
  });
  return out;
}

function keyValue(bytes: Uint8Array): OtlpKeyValue {
  const out: OtlpKeyValue = { key: '', value: {} };
  fields(bytes, (field, wire, r) => {
    if (wire !== LENGTH_DELIMITED) return false;
    if (field === 1) out.key = r.string();
    else if (field === 2) out.value = anyValue(r.bytesField());
    else return false;
    return true;
  });
  return out;
}

/** AnyValue's scalar cases; arrays, key-value lists and bytes are not sent by this library. */
function anyValue(bytes: Uint8Array): OtlpKeyValue['value'] {
  const out: OtlpKeyValue['value'] = {};
  fields(bytes, (field, wire, r) => {
    if (field === 1 && wire === LENGTH_DELIMITED) out.stringValue = r.string();
    else if (field === 2 && wire === VARINT) out.boolValue = r.varint() !== 0n;
    else if (field === 3 && wire === VARINT) out.intValue = BigInt.asIntN(64, r.varint()).toString();
    else if (field === 4 && wire === FIXED64) out.doubleValue = r.double();
    else return false;
    return true;
  });
  return out;
}
