/**
 * Secrets handed to people on paper: invite codes (A2) and first passwords
 * (A1). Codes are random over an alphabet without look-alikes; only their
 * SHA-256 is stored (they carry ~50 bits and are throttled, so no salt is
 * needed, as for session tokens).
 */
import { randomInt } from "node:crypto";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { INVITE_ALPHABET, INVITE_LENGTH } from "../../shared/people.ts";

function randomOver(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export function newInviteCode(): string {
  return randomOver(INVITE_ALPHABET, INVITE_LENGTH);
}

/** The stored form of a code already normalized by normalizeInviteCode. */
export function inviteCodeHash(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(code)));
}

const PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";

/** A first password an administrator hands over; to be changed at first sign-in. */
export function newFirstPassword(): string {
  return randomOver(PASSWORD_ALPHABET, 12);
}
