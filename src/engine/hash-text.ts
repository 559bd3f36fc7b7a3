/**
 * SHA-256 for plan fingerprints, with node:crypto: src/plan/ produces the canonical text in pieces
 * (it stays pure) and the engine hashes them as they come.
 */
import { createHash } from 'node:crypto';
import type { HashPieces } from '../plan/fingerprint-plan.js';

/** The hex SHA-256 of the UTF-8 text `feed` writes, piece by piece. */
export const sha256Hex: HashPieces = (feed) => {
  const hash = createHash('sha256');
  feed((piece) => hash.update(piece, 'utf8'));
  return hash.digest('hex');
};
