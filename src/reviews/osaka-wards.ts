import { localGovernmentCodeCheckDigit } from '../jp/check-digits.js';

/** One of the city's 24 wards (区) and its 地方公共団体コード (6 digits, check digit included). */
export interface Ward {
  code: string;
  name: string;
}

/** Osaka City's wards by the first five digits of their 地方公共団体コード. */
const WARDS_BY_CODE5: ReadonlyArray<[string, string]> = [
  ['27102', '都島区'],
  ['27103', '福島区'],
  ['27104', '此花区'],
  ['27106', '西区'],
  ['27107', '港区'],
  ['27108', '大正区'],
  ['27109', '天王寺区'],
  ['27111', '浪速区'],
  ['27113', '西淀川区'],
  ['27114', '東淀川区'],
  ['27115', '東成区'],
  ['27116', '生野区'],
  ['27117', '旭区'],
  ['27118', '城東区'],
  ['27119', '阿倍野区'],
  ['27120', '住吉区'],
  ['27121', '東住吉区'],
  ['27122', '西成区'],
  ['27123', '淀川区'],
  ['27124', '鶴見区'],
  ['27125', '住之江区'],
  ['27126', '平野区'],
  ['27127', '北区'],
  ['27128', '中央区'],
];

/** The 24 wards, in code order. */
export const OSAKA_WARDS: readonly Ward[] = WARDS_BY_CODE5.map(([code5, name]) => ({ code: `${code5}${localGovernmentCodeCheckDigit(code5)}`, name }));

const BY_CODE = new Map(OSAKA_WARDS.map((ward) => [ward.code, ward]));
// Longest names first, so that 東淀川区 is never read as 淀川区.
const BY_NAME_LENGTH = [...OSAKA_WARDS].sort((a, b) => b.name.length - a.name.length);

/** The ward with this code, or undefined. */
export function wardByCode(code: string): Ward | undefined {
  return BY_CODE.get(code);
}

/** The ward an address lies in when it names `大阪市<ward>` (with or without the prefecture), or undefined. */
export function wardOfAddress(address: string): Ward | undefined {
  const at = address.indexOf('大阪市');
  if (at < 0) return undefined;
  const rest = address.slice(at + '大阪市'.length);
  return BY_NAME_LENGTH.find((ward) => rest.startsWith(ward.name));
}
