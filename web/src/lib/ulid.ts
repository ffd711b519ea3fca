// Record ids made on this device, so that sending a record again never stores it twice.
// A ULID: 48 bits of milliseconds since 1970 and 80 random bits, as 26 characters of
// upper-case Crockford base 32 (the time first, so ids sort by when they were made).

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function encodeTime(milliseconds: number): string {
  let remaining = Math.floor(milliseconds);
  let text = "";
  for (let position = 0; position < 10; position++) {
    text = alphabet[remaining % 32] + text;
    remaining = Math.floor(remaining / 32);
  }
  return text;
}

function encodeRandomness(bytes: Uint8Array): string {
  // 80 bits = 16 characters of 5 bits, read from the bytes most significant bit first.
  let text = "";
  let buffer = 0;
  let bitsInBuffer = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bitsInBuffer += 8;
    while (bitsInBuffer >= 5) {
      bitsInBuffer -= 5;
      text += alphabet[(buffer >> bitsInBuffer) & 31];
    }
    buffer &= (1 << bitsInBuffer) - 1;
  }
  return text;
}

export function newId(now: number = Date.now()): string {
  const randomBytes = new Uint8Array(10);
  crypto.getRandomValues(randomBytes);
  return encodeTime(now) + encodeRandomness(randomBytes);
}

export const idPattern = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
