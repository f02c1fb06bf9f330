import { describe, expect, it } from 'vitest';
import { isValidLocalGovernmentCode } from '../../src/jp/check-digits.js';
import { findWard, OSAKA_WARDS } from '../../src/staff/wards.js';

describe('the wards of Osaka City', () => {
  it('lists the 24 wards once each, every code a valid 地方公共団体コード of 大阪市 (2710x–2712x)', () => {
    expect(OSAKA_WARDS).toHaveLength(24);
    expect(new Set(OSAKA_WARDS.map((ward) => ward.code)).size).toBe(24);
    expect(new Set(OSAKA_WARDS.map((ward) => ward.nameJa)).size).toBe(24);
    for (const ward of OSAKA_WARDS) {
      expect(isValidLocalGovernmentCode(ward.code), ward.nameJa).toBe(true);
      expect(ward.code, ward.nameJa).toMatch(/^2712[0-8]|^2710[2-9]|^2711[0-9]/);
    }
  });

  it('finds 北区 as 271276 and 都島区 as 271021', () => {
    expect(findWard('271276')?.nameJa).toBe('北区');
    expect(findWard('271021')?.nameJa).toBe('都島区');
    expect(findWard('271004')).toBeUndefined();
  });
});
