#include "store/demo_data.h"

#include <initializer_list>
#include <string>
#include <utility>

namespace ocop::store {

namespace {

// One product as written below; the booth fills in the province and the
// slug gives the illustration and the traceability page.
struct Entry {
  const char* slug;  // ASCII, names web-client/img/products/<slug>.svg
  const char* name;
  const char* producer;
  const char* group;
  int stars;
  const char* certificate_date;
  long long price;
  const char* unit;
  long long stock;
  const char* story;
};

DemoBooth booth(std::string name, std::string province, std::initializer_list<Entry> entries) {
  DemoBooth b{std::move(name), std::move(province), {}};
  for (const Entry& e : entries) {
    b.products.push_back(DemoProduct{
        e.name,
        e.producer,
        b.province,
        e.group,
        e.stars,
        e.certificate_date,
        e.price,
        e.unit,
        e.stock,
        e.story,
        std::string("/img/products/") + e.slug + ".svg",
        std::string("https://truyxuat.ocop.vn/sp/") + e.slug,
    });
  }
  return b;
}

DemoMarketDay build() {
  DemoMarketDay day;
  day.title = "Phiên chợ OCOP trực tuyến – Tinh hoa đặc sản vùng miền";

  // North-west highlands (Yên Bái joined Lào Cai in 2025).
  day.booths.push_back(booth("HTX Nông sản và Du lịch Sa Pa", "Lào Cai", {
      {"khan-tho-cam-ta-van", "Khăn thổ cẩm Mông Tả Van", "Tổ hợp tác Dệt thổ cẩm Tả Van",
       "textile", 4, "2025-04-18", 350000, "chiếc 50 x 180 cm", 40,
       "Khăn do phụ nữ Mông ở Tả Van dệt tay từ sợi lanh tự se, nhuộm chàm và vẽ hoa văn bằng "
       "sáp ong theo lối truyền thống. Mỗi chiếc mất gần hai tuần, từ lúc tước lanh đến khi giặt "
       "sạch sáp. Khăn dày dặn, giữ ấm tốt, quàng cổ hay trang trí đều đẹp."},
      {"tuong-ot-muong-khuong", "Tương ớt Mường Khương", "HTX Nông nghiệp Mường Khương",
       "food", 4, "2024-09-12", 45000, "chai 250 ml", 300,
       "Ớt chỉ thiên trồng trên nương Mường Khương được giã cùng tỏi, gừng rồi ngâm với rượu ngô "
       "men lá của người Nùng. Tương ủ tự nhiên vài tháng nên có màu đỏ tươi, vị cay nồng mà "
       "thơm, không dùng phẩm màu. Hợp chấm thịt luộc, thắng cố và các món nướng."},
      {"gao-seng-cu", "Gạo Séng Cù Mường Vi", "HTX Gạo Séng Cù Mường Vi",
       "food", 4, "2025-01-20", 160000, "túi 5 kg", 200,
       "Séng Cù là giống lúa trồng trên ruộng bậc thang ven sông Hồng ở Bát Xát, mỗi năm chỉ "
       "một vụ. Hạt gạo thon dài, trong, nấu lên dẻo và thơm, để nguội cơm vẫn mềm. Gạo được "
       "xay mới theo đơn nên giữ trọn hương lúa."},
      {"tra-shan-tuyet-suoi-giang", "Trà Shan tuyết cổ thụ Suối Giàng",
       "HTX Chè Shan tuyết Suối Giàng", "beverage", 5, "2024-11-05", 380000, "hộp 200 g", 120,
       "Búp trà được hái từ những cây Shan tuyết hàng trăm năm tuổi trên đỉnh Suối Giàng, độ cao "
       "gần 1.400 m, quanh năm mây phủ. Người Mông hái một tôm hai lá rồi sao, vò thủ công trong "
       "chảo gang. Nước trà vàng sáng, hương dịu, vị chát nhẹ và ngọt hậu kéo dài."},
      {"homestay-ta-van", "Homestay bản Tả Van – 2 ngày 1 đêm",
       "Hộ kinh doanh Homestay Nhà Mây Tả Van", "tourism", 3, "2025-06-10", 650000,
       "suất/người", 30,
       "Du khách nghỉ trong nhà gỗ truyền thống của người Giáy, nhìn ra thung lũng Mường Hoa và "
       "ruộng bậc thang. Gói trải nghiệm gồm đi bộ qua bản, học nhuộm chàm và bữa tối với lợn cắp "
       "nách nướng, rượu ngô. Chủ nhà là người địa phương, đón khách tại trung tâm Sa Pa."},
  }));

  // Midlands tea country (Bắc Kạn joined Thái Nguyên in 2025).
  day.booths.push_back(booth("HTX Chè Tân Cương Xanh", "Thái Nguyên", {
      {"che-tan-cuong", "Chè Tân Cương đặc biệt", "HTX Chè Tân Cương Xanh",
       "beverage", 5, "2024-05-22", 350000, "hộp 500 g", 250,
       "Búp chè một tôm hai lá được hái tay lúc sáng sớm trên các đồi chè Tân Cương, vùng chè nổi "
       "tiếng nhất Thái Nguyên. Chè được sao, vò bằng chảo gang theo bí quyết gia truyền nên cánh "
       "nhỏ, xoăn, màu xanh mốc. Nước pha xanh vàng, thơm hương cốm, vị chát dịu rồi ngọt sâu."},
      {"tra-moc-cau-la-bang", "Trà móc câu La Bằng", "HTX Chè La Bằng",
       "beverage", 4, "2025-03-14", 250000, "gói 500 g", 180,
       "La Bằng nằm dưới chân dãy Tam Đảo, nơi sương mù và suối mát giúp cây chè cho búp nhỏ, "
       "nhiều tuyết. Cánh chè cong như chiếc móc câu sau khi vò và sấy hai lần. Trà thơm nhẹ, "
       "nước xanh trong, hợp uống hằng ngày và làm quà biếu."},
      {"banh-chung-bo-dau", "Bánh chưng Bờ Đậu", "Tổ hợp tác Bánh chưng Bờ Đậu",
       "food", 4, "2024-08-30", 55000, "chiếc 800 g", 150,
       "Làng Bờ Đậu ven quốc lộ 3 gói bánh chưng quanh năm bằng gạo nếp nương, đỗ xanh và thịt "
       "lợn ba chỉ. Bánh gói bằng lá dong rừng, luộc liên tục mười tiếng bằng củi. Bánh chắc, dẻo, "
       "xanh màu lá, để được nhiều ngày trong ngăn mát."},
      {"mien-dong-na-ri", "Miến dong Na Rì", "HTX Nông nghiệp Côn Minh",
       "food", 4, "2025-02-26", 90000, "gói 1 kg", 220,
       "Củ dong riềng trồng ở Na Rì (trước thuộc Bắc Kạn) được lọc lấy tinh bột rồi tráng, phơi, "
       "cắt sợi hoàn toàn thủ công. Sợi miến dai, trong ánh nâu, không dùng chất tẩy trắng. Nấu "
       "miến gà, miến xào hay ăn lẩu đều không bị nát."},
      {"hong-say-ba-be", "Hồng không hạt Ba Bể sấy dẻo", "Tổ hợp tác Hồng không hạt Ba Bể",
       "food", 3, "2025-10-08", 120000, "hộp 500 g", 90,
       "Hồng không hạt là giống cây bản địa trên vùng núi đá quanh hồ Ba Bể, quả chín vào tháng "
       "chín âm lịch. Quả được gọt vỏ, sấy lạnh đến khi mềm dẻo, không thêm đường. Vị ngọt thanh, "
       "thơm, rất hợp dùng cùng chén trà Thái Nguyên."},
  }));

  // Kinh Bắc craft villages (Bắc Giang joined Bắc Ninh in 2025).
  day.booths.push_back(booth("HTX Làng nghề Kinh Bắc", "Bắc Ninh", {
      {"tranh-dong-ho", "Tranh Đông Hồ – Đám cưới chuột",
       "Hộ kinh doanh Tranh dân gian Đông Hồ", "souvenir", 4, "2024-06-15", 250000,
       "bức 30 x 40 cm", 60,
       "Tranh được in thủ công bằng ván khắc gỗ trên giấy dó quét điệp ở làng Đông Hồ bên sông "
       "Đuống. Màu lấy từ thiên nhiên: đen than lá tre, đỏ sỏi son, vàng hoa hòe, trắng vỏ điệp. "
       "Bức Đám cưới chuột vui mắt, hợp treo ngày Tết hoặc làm quà tặng bạn bè phương xa."},
      {"gom-phu-lang", "Bình gốm Phù Lãng men da lươn", "HTX Gốm Phù Lãng",
       "souvenir", 4, "2025-05-09", 480000, "chiếc cao 30 cm", 35,
       "Gốm Phù Lãng được nặn từ đất sét đỏ bên sông Cầu và nung trong lò củi nhiều ngày. Lớp men "
       "da lươn vàng nâu chảy tự nhiên nên không có hai chiếc bình giống hệt nhau. Bình hợp cắm "
       "sen, cắm đào hay bày phòng khách."},
      {"vai-thieu-luc-ngan", "Vải thiều Lục Ngạn sấy khô", "HTX Vải thiều Tân Mộc",
       "food", 4, "2024-07-25", 150000, "hộp 1 kg", 200,
       "Vải thiều Lục Ngạn (trước thuộc Bắc Giang) được hái lúc chín đỏ rồi sấy nguyên quả bằng "
       "lò than từ ba đến bốn ngày. Cùi vải khô dẻo, màu nâu cánh gián, vị ngọt đậm. Ăn trực "
       "tiếp, nấu chè hay hầm gà đều ngon."},
      {"mi-chu", "Mì Chũ Nam Dương", "Tổ hợp tác Mì gạo Nam Dương",
       "food", 4, "2025-08-19", 70000, "gói 1 kg", 260,
       "Mì Chũ làm từ gạo bao thai trồng ở vùng Chũ, được ngâm, xay, tráng rồi phơi nắng tự "
       "nhiên. Sợi mì dai, trắng ngà, thơm mùi gạo, không pha bột và không chất bảo quản. Xào, "
       "nấu gà hay trộn đều không nát."},
      {"banh-phu-the", "Bánh phu thê Đình Bảng", "Hộ kinh doanh Bánh phu thê Đình Bảng",
       "food", 3, "2026-03-02", 80000, "hộp 10 chiếc", 120,
       "Bánh phu thê là lễ vật cưới hỏi của người Kinh Bắc, đựng trong hộp lá dừa vuông vức. Vỏ "
       "bánh làm từ bột nếp nhuộm vàng bằng quả dành dành, nhân đỗ xanh, dừa nạo và hạt sen. Bánh "
       "dẻo, ngọt thanh, thơm mùi vừng rang."},
  }));

  // North Central coast.
  day.booths.push_back(booth("HTX Đặc sản Hồng Lĩnh", "Hà Tĩnh", {
      {"cam-bu-huong-son", "Cam bù Hương Sơn", "HTX Cam bù Sơn Kim",
       "food", 4, "2024-12-03", 60000, "kg", 400,
       "Cam bù được trồng trên đất đồi ven sông Ngàn Phố, chín rộ vào dịp cuối năm. Quả vỏ mỏng, "
       "múi vàng cam, mọng nước, vị ngọt đậm xen chua nhẹ và thơm tinh dầu. Vườn canh tác theo "
       "VietGAP, hái đến đâu gửi đi đến đó."},
      {"buoi-phuc-trach", "Bưởi Phúc Trạch", "HTX Bưởi Phúc Trạch",
       "food", 4, "2025-07-07", 65000, "quả 1,2–1,5 kg", 300,
       "Bưởi Phúc Trạch được bảo hộ chỉ dẫn địa lý, trồng trên đất phù sa ven sông Ngàn Sâu. Quả "
       "tròn, vỏ mỏng, tép hồng, ráo nước, ngọt thanh và không đắng. Bưởi để được lâu, càng để vỏ "
       "càng mỏng và ngọt."},
      {"keo-cu-do", "Kẹo cu đơ Hà Tĩnh", "Công ty TNHH Thực phẩm Cu đơ Nghèn",
       "food", 4, "2024-10-21", 50000, "hộp 500 g", 350,
       "Cu đơ được nấu từ mật mía, lạc rang và gừng tươi, rồi kẹp giữa hai lớp bánh đa nướng giòn. "
       "Mẻ kẹo phải canh lửa kỹ để mật đủ dẻo, thơm mà không khét. Vị ngọt bùi, cay nhẹ của gừng, "
       "rất hợp nhâm nhi cùng chén chè xanh."},
      {"nhung-huou-huong-son", "Nhung hươu Hương Sơn sấy lát", "HTX Chăn nuôi hươu Sơn Lĩnh",
       "herbal", 4, "2025-09-16", 1500000, "hộp 100 g", 25,
       "Hương Sơn có nghề nuôi hươu sao lấy nhung hơn trăm năm. Nhung được cắt đúng độ non, làm "
       "sạch, thái lát mỏng và sấy lạnh để giữ dưỡng chất. Dân gian thường ngâm rượu hoặc hầm gà "
       "để bồi bổ; sản phẩm không thay thế thuốc chữa bệnh."},
  }));

  // The old imperial capital (Thừa Thiên Huế is now the city of Huế).
  day.booths.push_back(booth("HTX Đặc sản Cố đô", "Huế", {
      {"me-xung-hue", "Mè xửng Huế", "Hộ kinh doanh Mè xửng Phú Hậu",
       "food", 4, "2024-04-11", 45000, "hộp 250 g", 400,
       "Mè xửng được nấu từ đường, mạch nha, bột năng và đậu phộng, rồi cán mỏng và phủ mè rang "
       "hai mặt. Bánh dẻo, không dính răng, ngọt vừa và thơm bùi mùi mè. Đây là món quà quen "
       "thuộc sau mỗi chuyến đi Huế."},
      {"non-la-hue", "Nón lá bài thơ Tây Hồ", "Tổ hợp tác Nón lá Tây Hồ",
       "souvenir", 4, "2025-04-02", 150000, "chiếc", 80,
       "Nón được chằm tay ở làng Tây Hồ bằng lá non phơi sương cho trắng mềm, khâu trên mười sáu "
       "vòng nan tre. Giữa hai lớp lá lồng hình cảnh Huế và câu thơ, soi lên nắng mới hiện ra. "
       "Nón nhẹ, bền, che nắng hay làm quà lưu niệm đều đẹp."},
      {"tra-cung-dinh", "Trà cung đình Huế", "Công ty TNHH Thảo mộc Cung Đình",
       "herbal", 3, "2025-11-20", 90000, "hộp 20 túi lọc", 200,
       "Trà phối theo công thức lưu truyền từ cung đình nhà Nguyễn với cỏ ngọt, hoa cúc, la hán "
       "quả, cam thảo và táo đỏ. Các vị được sấy khô, nghiền và đóng túi lọc tiện dùng. Nước trà "
       "vàng nhạt, ngọt dịu, uống nóng hay lạnh đều thanh mát."},
      {"tinh-dau-tram", "Tinh dầu tràm Phong Điền", "HTX Tinh dầu tràm Phong Điền",
       "herbal", 4, "2024-03-28", 120000, "chai 100 ml", 250,
       "Lá tràm gió mọc trên vùng cát Phong Điền được chưng cất hơi nước theo cách của làng nghề. "
       "Tinh dầu trong, mùi thơm the mát, thường dùng xoa ấm cho trẻ nhỏ và người già. Sản phẩm "
       "nguyên chất, không pha cồn hay hương liệu."},
      {"tom-chua-hue", "Tôm chua Huế", "Hộ kinh doanh Tôm chua Gia Hội",
       "food", 3, "2026-01-15", 95000, "hũ 500 g", 150,
       "Tôm đất tươi được ngâm rượu, trộn riềng, tỏi, ớt, măng đu đủ rồi ủ trong hũ đến khi chín "
       "chua. Tôm đỏ au, vị chua cay mặn ngọt hài hòa rất riêng của ẩm thực Huế. Ăn kèm thịt heo "
       "luộc, rau sống và bánh tráng là ngon nhất."},
  }));

  // Highlands and the south-central coast (Đắk Nông and Bình Thuận joined
  // Lâm Đồng in 2025).
  day.booths.push_back(booth("HTX Nông sản Cầu Đất", "Lâm Đồng", {
      {"ca-phe-arabica-cau-dat", "Cà phê Arabica Cầu Đất rang xay", "HTX Cà phê Cầu Đất",
       "beverage", 5, "2024-06-28", 220000, "gói 500 g", 300,
       "Cà phê Arabica được trồng ở Cầu Đất, độ cao hơn 1.500 m, khí hậu mát quanh năm. Chỉ hái "
       "quả chín đỏ, sơ chế ướt, phơi trên giàn rồi rang mộc vừa tới. Ly cà phê chua thanh, hương "
       "trái cây và hậu ngọt, hợp pha phin hay pha máy."},
      {"tra-atiso", "Trà atiso túi lọc Đà Lạt", "Công ty TNHH Atiso Langbiang",
       "herbal", 4, "2025-01-09", 75000, "hộp 50 túi lọc", 350,
       "Thân, rễ và hoa atiso trồng ở ngoại ô Đà Lạt được thái lát, sấy khô rồi nghiền đóng túi "
       "lọc. Trà có vị ngọt mát, hơi đắng nhẹ, thường dùng hằng ngày để thanh nhiệt. Hãm với nước "
       "sôi năm phút là dùng được."},
      {"mac-ca", "Hạt mắc ca sấy nứt vỏ", "HTX Mắc ca Tuy Đức",
       "food", 4, "2025-05-27", 280000, "hũ 500 g", 180,
       "Mắc ca được trồng trên đất đỏ bazan ở Tuy Đức (trước thuộc Đắk Nông). Hạt được phơi khô, "
       "sấy nhiều giờ ở nhiệt độ thấp rồi khía nứt vỏ để dễ tách. Nhân béo, giòn, thơm bùi, mỗi "
       "hũ kèm dụng cụ mở vỏ."},
      {"lua-bao-loc", "Khăn lụa tơ tằm Bảo Lộc", "Công ty TNHH Tơ lụa Bảo Lộc",
       "textile", 4, "2024-09-30", 420000, "chiếc 45 x 170 cm", 60,
       "Bảo Lộc là thủ phủ dâu tằm tơ, tằm ăn lá dâu trồng trên đồi cao nên cho sợi tơ trắng và "
       "bền. Tơ được ươm, dệt thành lụa mềm rồi nhuộm màu thực vật. Khăn nhẹ, mát, óng ả, hợp "
       "làm quà tặng."},
      {"nuoc-mam-phan-thiet", "Nước mắm Phan Thiết 40 độ đạm", "Công ty TNHH Nước mắm Phú Hài",
       "food", 4, "2026-02-12", 95000, "chai 500 ml", 240,
       "Cá cơm than đánh bắt ngoài khơi Phan Thiết (trước thuộc Bình Thuận) được ướp muối ngay "
       "trên tàu, rồi ủ trong thùng gỗ bời lời từ mười hai tháng trở lên. Nước mắm nhĩ màu cánh "
       "gián, độ đạm 40, thơm đặc trưng và không chất bảo quản."},
  }));

  // Mekong delta, lotus country (Tiền Giang joined Đồng Tháp in 2025).
  day.booths.push_back(booth("HTX Sen Tháp Mười", "Đồng Tháp", {
      {"tra-tim-sen", "Trà tim sen Tháp Mười", "HTX Sen Tháp Mười",
       "herbal", 4, "2024-08-08", 120000, "hộp 200 g", 200,
       "Tim sen được lấy từ những hạt sen già ở vùng Đồng Tháp Mười, tách bằng tay rồi phơi sấy "
       "khô. Trà đắng nhẹ rồi ngọt hậu, thường được uống buổi tối cho dễ ngủ. Mỗi lần chỉ cần một "
       "nhúm nhỏ hãm với nước sôi."},
      {"hat-sen-say", "Hạt sen sấy giòn", "Hộ kinh doanh Sen Mỹ Hòa",
       "food", 4, "2025-03-25", 85000, "hũ 250 g", 220,
       "Hạt sen tươi được tách vỏ, bỏ tim rồi sấy giòn ở nhiệt độ thấp, không chiên dầu. Hạt giữ "
       "màu trắng ngà, giòn xốp, bùi và thơm nhẹ mùi sen. Món ăn vặt lành mạnh cho cả nhà."},
      {"xoai-hoa-loc", "Xoài cát Hòa Lộc", "HTX Xoài cát Hòa Lộc",
       "food", 4, "2024-05-06", 90000, "kg", 350,
       "Xoài cát Hòa Lộc có gốc ở vùng đất ven sông Tiền thuộc Cái Bè (trước thuộc Tiền Giang), "
       "được bao trái từ khi còn nhỏ. Quả chín vàng đều, thịt dày, mịn, ít xơ, ngọt lịm và thơm. "
       "Xoài hái đúng độ già, hai đến ba ngày sau khi nhận là chín ăn được."},
      {"nem-lai-vung", "Nem Lai Vung", "Hộ kinh doanh Nem Tân Thành",
       "food", 3, "2025-12-01", 50000, "chục 10 cái", 300,
       "Nem Lai Vung làm từ thịt heo nạc quết nhuyễn trộn bì, tỏi, tiêu, ớt, gói trong lá chùm "
       "ruột và lá chuối. Nem lên men tự nhiên sau hai ngày, chua dịu, cay nhẹ, dai giòn. Dùng làm "
       "món nhắm hay ăn với cơm đều ngon."},
      {"hu-tieu-sa-dec", "Hủ tiếu Sa Đéc", "Công ty TNHH Bột gạo Sa Đéc",
       "food", 4, "2026-05-18", 48000, "gói 1 kg", 280,
       "Sa Đéc có làng bột gạo lâu đời bên sông Tiền, nơi gạo được ngâm, xay, tráng và phơi nắng "
       "trên giàn tre. Sợi hủ tiếu trắng trong, dai mềm, nấu không bị bở. Hợp làm hủ tiếu xào hay "
       "hủ tiếu nước đậm vị miền Tây."},
  }));

  // The southern tip (Bạc Liêu joined Cà Mau in 2025).
  day.booths.push_back(booth("HTX Đặc sản Đất Mũi", "Cà Mau", {
      {"mat-ong-u-minh", "Mật ong rừng tràm U Minh", "HTX Ong mật U Minh Hạ",
       "food", 4, "2024-10-10", 280000, "chai 500 ml", 150,
       "Mật được người gác kèo ong ở rừng U Minh Hạ lấy từ những kèo ong đặt trong rừng tràm theo "
       "nghề truyền thống. Mật chín tự nhiên, vàng sậm, thơm mùi hoa tràm, vị ngọt sâu hơi the. "
       "Dùng pha nước ấm, chấm bánh hay làm quà đều tốt."},
      {"tom-kho-rach-goc", "Tôm khô Rạch Gốc", "Công ty TNHH Thủy sản Rạch Gốc",
       "food", 4, "2025-02-14", 850000, "hộp 500 g", 100,
       "Tôm đất đánh bắt ven biển Rạch Gốc được luộc nước muối, phơi trên giàn dưới nắng gió Đất "
       "Mũi rồi đập bỏ vỏ. Tôm đỏ tươi tự nhiên, thịt chắc, ngọt, không phẩm màu. Nhắm với củ "
       "kiệu, nấu canh hay làm gỏi đều ngon."},
      {"kho-ca-sac", "Khô cá sặc rằn U Minh", "Hộ kinh doanh Khô cá Khánh An",
       "food", 3, "2025-06-24", 180000, "túi 500 g", 120,
       "Cá sặc rằn nuôi trong ao giữa rừng tràm U Minh được làm sạch, ướp muối nhạt rồi phơi trên "
       "giàn tre dưới nắng. Khô vàng óng, thịt ngọt, ăn không mặn gắt. Chiên giòn ăn với cơm trắng "
       "hay nướng làm món nhắm đều hợp."},
      {"ba-khia-rach-goc", "Ba khía muối Rạch Gốc", "Tổ hợp tác Ba khía Rạch Gốc",
       "food", 3, "2024-03-19", 120000, "hũ 1 kg", 140,
       "Ba khía được bắt vào mùa nước rong trong rừng đước ven biển Rạch Gốc, rửa sạch rồi muối "
       "hột trong khạp sành. Sau chừng mười ngày, ba khía thấm muối, thịt chắc, gạch béo. Trộn "
       "với tỏi, ớt, đường, chanh, ăn cùng cơm nóng là ngon nhất."},
      {"du-lich-dat-mui", "Tour sinh thái Đất Mũi 1 ngày", "HTX Du lịch cộng đồng Đất Mũi",
       "tourism", 3, "2025-08-05", 550000, "suất/người", 50,
       "Du khách đi vỏ lãi len lỏi qua rừng đước, rừng mắm của Vườn quốc gia Mũi Cà Mau và ghé "
       "cột mốc tọa độ quốc gia. Bữa trưa do người dân nấu với cá, tôm, ba khía vừa đánh bắt. "
       "Buổi chiều thăm vuông tôm sinh thái và ngắm hoàng hôn trên biển."},
  }));

  return day;
}

}  // namespace

const DemoMarketDay& demo_market_day() {
  static const DemoMarketDay day = build();
  return day;
}

}  // namespace ocop::store
