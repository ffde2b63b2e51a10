/**
 * CRC-32 (ISO-HDLC: polynomial 0x04C11DB7 reflected as 0xEDB88320, initial and final XOR
 * 0xFFFFFFFF), the checksum of gzip (RFC 1952 section 8) and zlib's crc32(). fflate computes it
 * for gzip but does not export it, so here it is, table-driven as in RFC 1952's sample code.
 * A CRC-32 detects every error burst of up to 32 bits, so any one changed character of a
 * base64url link (6 bits) is always caught, as is any change spanning 5 consecutive characters.
 */
const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
