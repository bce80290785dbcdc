// OCOP facts the pages need (DESIGN.md §4): the 34 province-level units
// exactly as the server spells them, product groups, certificate stars.
import { t } from './i18n.js';

export const PROVINCES = [
  'Hà Nội', 'Hải Phòng', 'Huế', 'Đà Nẵng', 'Thành phố Hồ Chí Minh', 'Cần Thơ',
  'Tuyên Quang', 'Cao Bằng', 'Lai Châu', 'Lào Cai', 'Thái Nguyên', 'Điện Biên',
  'Lạng Sơn', 'Sơn La', 'Phú Thọ', 'Bắc Ninh', 'Quảng Ninh', 'Hưng Yên',
  'Ninh Bình', 'Thanh Hóa', 'Nghệ An', 'Hà Tĩnh', 'Quảng Trị', 'Quảng Ngãi',
  'Gia Lai', 'Khánh Hòa', 'Lâm Đồng', 'Đắk Lắk', 'Đồng Nai', 'Tây Ninh',
  'Vĩnh Long', 'Đồng Tháp', 'Cà Mau', 'An Giang',
];

export const GROUPS = ['food', 'beverage', 'herbal', 'textile', 'souvenir', 'tourism'];

export const groupLabel = (g) => t(`group.${g}`);

// Sorted the Vietnamese way (Đ after D), for pickers.
export function sortedProvinces(list = PROVINCES) {
  return [...list].sort((a, b) => a.localeCompare(b, 'vi'));
}
