/**
 * The 24 wards (区) of Osaka City with their 地方公共団体コード (JIS X 0402
 * 5 digits plus the check digit). Staff belong to wards by these codes.
 */
export interface Ward {
  /** 6-digit 地方公共団体コード, e.g. `271276` for 北区. */
  code: string;
  nameJa: string;
  nameEn: string;
}

export const OSAKA_WARDS: readonly Ward[] = [
  { code: '271021', nameJa: '都島区', nameEn: 'Miyakojima' },
  { code: '271039', nameJa: '福島区', nameEn: 'Fukushima' },
  { code: '271047', nameJa: '此花区', nameEn: 'Konohana' },
  { code: '271063', nameJa: '西区', nameEn: 'Nishi' },
  { code: '271071', nameJa: '港区', nameEn: 'Minato' },
  { code: '271080', nameJa: '大正区', nameEn: 'Taisho' },
  { code: '271098', nameJa: '天王寺区', nameEn: 'Tennoji' },
  { code: '271110', nameJa: '浪速区', nameEn: 'Naniwa' },
  { code: '271136', nameJa: '西淀川区', nameEn: 'Nishiyodogawa' },
  { code: '271144', nameJa: '東淀川区', nameEn: 'Higashiyodogawa' },
  { code: '271152', nameJa: '東成区', nameEn: 'Higashinari' },
  { code: '271161', nameJa: '生野区', nameEn: 'Ikuno' },
  { code: '271179', nameJa: '旭区', nameEn: 'Asahi' },
  { code: '271187', nameJa: '城東区', nameEn: 'Joto' },
  { code: '271195', nameJa: '阿倍野区', nameEn: 'Abeno' },
  { code: '271209', nameJa: '住吉区', nameEn: 'Sumiyoshi' },
  { code: '271217', nameJa: '東住吉区', nameEn: 'Higashisumiyoshi' },
  { code: '271225', nameJa: '西成区', nameEn: 'Nishinari' },
  { code: '271233', nameJa: '淀川区', nameEn: 'Yodogawa' },
  { code: '271241', nameJa: '鶴見区', nameEn: 'Tsurumi' },
  { code: '271250', nameJa: '住之江区', nameEn: 'Suminoe' },
  { code: '271268', nameJa: '平野区', nameEn: 'Hirano' },
  { code: '271276', nameJa: '北区', nameEn: 'Kita' },
  { code: '271284', nameJa: '中央区', nameEn: 'Chuo' },
];

const BY_CODE = new Map(OSAKA_WARDS.map((ward) => [ward.code, ward]));

/** The ward with this 6-digit code, or undefined. */
export function findWard(code: string): Ward | undefined {
  return BY_CODE.get(code);
}
