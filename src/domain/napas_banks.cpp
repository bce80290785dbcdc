#include "domain/napas_banks.h"

#include <algorithm>

namespace ocop::domain {

// From the NAPAS 247 member list that VietQR publishes (BIN per bank; banks
// that merged or renamed keep their BIN: OceanBank is MBV, DongA is Vikki).
const std::vector<NapasBank>& napas_banks() {
  static const std::vector<NapasBank> banks = [] {
    std::vector<NapasBank> v = {
        {"970425", "ABB", "ABBANK", "Ngân hàng TMCP An Bình"},
        {"970416", "ACB", "ACB", "Ngân hàng TMCP Á Châu"},
        {"970405", "VBA", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"},
        {"970409", "BAB", "BacABank", "Ngân hàng TMCP Bắc Á"},
        {"970438", "BVB", "BaoVietBank", "Ngân hàng TMCP Bảo Việt"},
        {"970418", "BIDV", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"},
        {"546034", "CAKE", "CAKE", "Ngân hàng số CAKE by VPBank"},
        {"970444", "CBB", "CBBank", "Ngân hàng Thương mại TNHH MTV Xây dựng Việt Nam"},
        {"422589", "CIMB", "CIMB", "Ngân hàng TNHH MTV CIMB Việt Nam"},
        {"970446", "COOPBANK", "Co-opBank", "Ngân hàng Hợp tác xã Việt Nam"},
        {"796500", "DBS", "DBS Bank", "DBS Bank Ltd - Chi nhánh Thành phố Hồ Chí Minh"},
        {"970431", "EIB", "Eximbank", "Ngân hàng TMCP Xuất Nhập khẩu Việt Nam"},
        {"970408", "GPB", "GPBank", "Ngân hàng Thương mại TNHH MTV Dầu Khí Toàn Cầu"},
        {"970437", "HDB", "HDBank", "Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh"},
        {"970442", "HLBVN", "HongLeong", "Ngân hàng TNHH MTV Hong Leong Việt Nam"},
        {"458761", "HSBC", "HSBC", "Ngân hàng TNHH MTV HSBC (Việt Nam)"},
        {"970455", "IBK-HN", "IBK Hà Nội", "Ngân hàng Công nghiệp Hàn Quốc - Chi nhánh Hà Nội"},
        {"970456", "IBK-HCM", "IBK HCM", "Ngân hàng Công nghiệp Hàn Quốc - Chi nhánh TP. Hồ Chí Minh"},
        {"970434", "IVB", "IndovinaBank", "Ngân hàng TNHH Indovina"},
        {"668888", "KBANK", "KBank", "Ngân hàng Đại chúng TNHH Kasikornbank - Chi nhánh TP. Hồ Chí Minh"},
        {"970452", "KLB", "KienlongBank", "Ngân hàng TMCP Kiên Long"},
        {"970449", "LPB", "LPBank", "Ngân hàng TMCP Lộc Phát Việt Nam"},
        {"970422", "MB", "MBBank", "Ngân hàng TMCP Quân đội"},
        {"970414", "MBV", "MBV", "Ngân hàng TNHH MTV Việt Nam Hiện Đại"},
        {"970426", "MSB", "MSB", "Ngân hàng TMCP Hàng Hải Việt Nam"},
        {"970428", "NAB", "NamABank", "Ngân hàng TMCP Nam Á"},
        {"970419", "NCB", "NCB", "Ngân hàng TMCP Quốc Dân"},
        {"970448", "OCB", "OCB", "Ngân hàng TMCP Phương Đông"},
        {"970439", "PBVN", "PublicBank", "Ngân hàng TNHH MTV Public Việt Nam"},
        {"970430", "PGB", "PGBank", "Ngân hàng TMCP Thịnh vượng và Phát triển"},
        {"970412", "PVCB", "PVcomBank", "Ngân hàng TMCP Đại Chúng Việt Nam"},
        {"970403", "STB", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín"},
        {"970400", "SGICB", "SaigonBank", "Ngân hàng TMCP Sài Gòn Công Thương"},
        {"970429", "SCB", "SCB", "Ngân hàng TMCP Sài Gòn"},
        {"970440", "SEAB", "SeABank", "Ngân hàng TMCP Đông Nam Á"},
        {"970443", "SHB", "SHB", "Ngân hàng TMCP Sài Gòn - Hà Nội"},
        {"970424", "SHBVN", "ShinhanBank", "Ngân hàng TNHH MTV Shinhan Việt Nam"},
        {"970410", "SCVN", "StandardChartered", "Ngân hàng TNHH MTV Standard Chartered Bank Việt Nam"},
        {"970407", "TCB", "Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam"},
        {"963388", "TIMO", "Timo", "Ngân hàng số Timo by Bản Việt"},
        {"970423", "TPB", "TPBank", "Ngân hàng TMCP Tiên Phong"},
        {"546035", "UBANK", "Ubank", "Ngân hàng số Ubank by VPBank"},
        {"970458", "UOB", "UnitedOverseas", "Ngân hàng United Overseas - Chi nhánh TP. Hồ Chí Minh"},
        {"970441", "VIB", "VIB", "Ngân hàng TMCP Quốc tế Việt Nam"},
        {"970427", "VAB", "VietABank", "Ngân hàng TMCP Việt Á"},
        {"970433", "VIETBANK", "VietBank", "Ngân hàng TMCP Việt Nam Thương Tín"},
        {"970454", "VCCB", "BVBank", "Ngân hàng TMCP Bản Việt"},
        {"970436", "VCB", "Vietcombank", "Ngân hàng TMCP Ngoại Thương Việt Nam"},
        {"970415", "ICB", "VietinBank", "Ngân hàng TMCP Công thương Việt Nam"},
        {"971005", "VTLMONEY", "ViettelMoney", "Tổng Công ty Dịch vụ số Viettel"},
        {"970406", "VIKKI", "Vikki Bank", "Ngân hàng TNHH MTV Số Vikki"},
        {"971011", "VNPTMONEY", "VNPTMoney", "VNPT Money"},
        {"970432", "VPB", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng"},
        {"970421", "VRB", "VRB", "Ngân hàng Liên doanh Việt - Nga"},
        {"970457", "WVN", "Woori", "Ngân hàng TNHH MTV Woori Việt Nam"},
    };
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    std::sort(v.begin(), v.end(), [&](const NapasBank& a, const NapasBank& b) {
      return std::lexicographical_compare(a.short_name.begin(), a.short_name.end(), b.short_name.begin(),
                                          b.short_name.end(), [&](char x, char y) { return lower(x) < lower(y); });
    });
    return v;
  }();
  return banks;
}

const NapasBank* find_napas_bank(std::string_view bin) {
  for (const auto& b : napas_banks())
    if (b.bin == bin) return &b;
  return nullptr;
}

}  // namespace ocop::domain
