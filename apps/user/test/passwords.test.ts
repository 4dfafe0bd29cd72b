import { describe, expect, it } from 'vitest';
import { hashPassword, meetsOwaspAdvice, needsRehash, scryptParams, verifyPassword } from '../src/passwords';

describe('password hashing parameters', () => {
  it("follows OWASP's equivalent scrypt settings: the same defence with less memory per hash", () => {
    expect(scryptParams(17)).toEqual({ ln: 17, r: 8, p: 1 });
    expect(scryptParams(16)).toEqual({ ln: 16, r: 8, p: 2 });
    expect(scryptParams(15)).toEqual({ ln: 15, r: 8, p: 3 });
    expect(scryptParams(14)).toEqual({ ln: 14, r: 8, p: 5 });
    expect(scryptParams(13)).toEqual({ ln: 13, r: 8, p: 10 });
    for (const ln of [13, 14, 15, 16, 17, 18]) expect(meetsOwaspAdvice(scryptParams(ln))).toBe(true);
    expect(meetsOwaspAdvice(scryptParams(12))).toBe(false);
    expect(meetsOwaspAdvice({ ln: 15, r: 8, p: 1 })).toBe(false);
  });

  it('verifies a hash made with other parameters, and says it is due for a re-hash', async () => {
    // A stored hash records its own parameters: one made before a change of defaults keeps verifying.
    const older = await hashPassword('Correct-horse-42', { ln: 12, r: 8, p: 1 });
    expect(older).toMatch(/^\$scrypt\$ln=12,r=8,p=1\$/);
    const current = scryptParams(13);
    expect(await verifyPassword('Correct-horse-42', older)).toBe(true);
    expect(await verifyPassword('Correct-horse-43', older)).toBe(false);
    expect(needsRehash(older, current)).toBe(true);

    const upgraded = await hashPassword('Correct-horse-42', current);
    expect(upgraded).toMatch(/^\$scrypt\$ln=13,r=8,p=10\$/);
    expect(await verifyPassword('Correct-horse-42', upgraded)).toBe(true);
    expect(needsRehash(upgraded, current)).toBe(false);
  });
});
