/**
 * Raw-DEFLATE decompression that stops as soon as the output passes a size cap, so a
 * decompression bomb (a few KB that inflate to gigabytes) costs at most the cap in memory and
 * time. fflate's streaming `Inflate` inflates everything pushed to it in one go, so the input is
 * fed in small slices: DEFLATE expands at most ~1032:1 (RFC 1951: a 258-byte match costs at
 * least 2 bits), so one slice can overshoot the cap by at most ~CHUNK * 1032 bytes. A preset
 * dictionary (share format v2) is history the data may copy from; it changes none of this.
 */
import { FlateErrorCode, Inflate } from 'fflate';
import type { FlateError } from 'fflate';

const CHUNK = 512;

export type InflateResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too-large'; inflated: number }
  /** The data ends before its last block: a stream cut off (a valid stream's prefix ends this way). */
  | { ok: false; reason: 'truncated'; detail: string }
  | { ok: false; reason: 'corrupt'; detail: string };

function isFlateError(error: unknown): error is FlateError {
  return error instanceof Error && typeof (error as Partial<FlateError>).code === 'number';
}

export function inflateRawBounded(compressed: Uint8Array, maxBytes: number, dictionary?: Uint8Array): InflateResult {
  if (compressed.length === 0) return { ok: false, reason: 'truncated', detail: 'no compressed data' };
  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const onData = (chunk: Uint8Array, final: boolean): void => {
    total += chunk.length;
    if (total <= maxBytes) chunks.push(chunk);
    if (final) finished = true;
  };
  const inflater = dictionary ? new Inflate({ dictionary }, onData) : new Inflate(onData);
  try {
    for (let offset = 0; offset < compressed.length; offset += CHUNK) {
      const end = Math.min(offset + CHUNK, compressed.length);
      inflater.push(compressed.subarray(offset, end), end === compressed.length);
      if (total > maxBytes) return { ok: false, reason: 'too-large', inflated: total };
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return isFlateError(error) && error.code === FlateErrorCode.UnexpectedEOF
      ? { ok: false, reason: 'truncated', detail }
      : { ok: false, reason: 'corrupt', detail };
  }
  if (!finished) return { ok: false, reason: 'truncated', detail: 'the compressed data ends before its last block' };
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return { ok: true, bytes };
}
