# language: vi
Tính năng: Lệnh tổng quát: mọi lệnh của hệ thống bằng một bảng trường
  Ngoài các bước viết sẵn, cán bộ có thể thực hiện bất kỳ lệnh nào trong 51 lệnh bằng tên
  lệnh (như trong lược đồ JSON) và bảng "trường | giá trị"; tên người, hộ, ý kiến thay cho mã.

  Bối cảnh:
    Cho xã "Ninh Thới"
    Và "Ninh Thới" có các ấp "Ô Rồm", "Ngãi Hiệp"
    Và cán bộ "Trần Văn An" của "Ninh Thới" là "Chủ tịch UBND xã"
    Và cán bộ "Lê Thị Bình" của "Ninh Thới" là "Công chức văn phòng" với vai trò "văn phòng"
    Và "Ninh Thới" đã lên lịch buổi làm việc tháng 03/2024

  Kịch bản: Sơ kết tháng, nghe đề xuất, biểu dương và nhắc nhở cán bộ
    Khi thực hiện lệnh "ReviewMonth" với:
      | trường     | giá trị                       |
      | unit       | Ninh Thới                     |
      | month      | 03/2024                       |
      | summary    | Hoàn thành nhiệm vụ tháng 2   |
      | next_focus | Chăm lo hộ khó khăn           |
    Thì sự kiện "MonthReviewed" được ghi nhận
    Khi thực hiện lệnh "HearProposal" với:
      | trường   | giá trị                       |
      | unit     | Ninh Thới                     |
      | month    | 03/2024                       |
      | proposer | Đoàn Thanh niên               |
      | content  | Mở lớp tin học cho thanh niên |
    Thì sự kiện "ProposalHeard" được ghi nhận
    Khi "Trần Văn An" biểu dương cán bộ "Lê Thị Bình" tại buổi làm việc tháng 03/2024 của "Ninh Thới" vì "giải quyết nhanh hồ sơ"
    Thì sự kiện "OfficialCommended" được ghi nhận
    Khi "Trần Văn An" nhắc nhở cán bộ "Lê Thị Bình" tại buổi làm việc tháng 03/2024 của "Ninh Thới" vì "trễ hẹn với dân"
    Thì sự kiện "OfficialReminded" được ghi nhận

  Kịch bản: Quỹ nhận đóng góp bằng lệnh tổng quát
    Cho đã thực hiện lệnh "OpenFund" với:
      | trường | giá trị   |
      | unit   | Ninh Thới |
    Khi thực hiện lệnh "ReceiveContribution" với:
      | trường | giá trị                   |
      | unit   | Ninh Thới                 |
      | amount | 1.500.000 đồng            |
      | source | nguồn xã hội hóa hợp pháp |
      | donor  | Hội Doanh nhân trẻ        |
    Thì sự kiện "ContributionReceived" được ghi nhận
    Và số dư quỹ của "Ninh Thới" là 1.500.000 đồng

  Kịch bản: Lệnh tổng quát vẫn theo đúng các quy tắc
    Cho quỹ của "Ninh Thới" đã được lập
    Khi thực hiện lệnh "ReceiveContribution" với:
      | trường | giá trị         |
      | unit   | Ninh Thới       |
      | amount | 1.500.000 đồng  |
      | source | lawful_donation |
    Thì bị từ chối với mã "fund.unlawful_source"

  Kịch bản: Đổi tên và sáp nhập đơn vị (cải cách năm 2025)
    Cho xã "Phong Phú"
    Khi đổi tên "Phong Phú" thành "Phong Phú Mới"
    Thì sự kiện "UnitRenamed" được ghi nhận
    Khi sáp nhập "Phong Phú" vào "Ninh Thới"
    Thì sự kiện "UnitMerged" được ghi nhận
    Khi lập quỹ của "Phong Phú"
    Thì bị từ chối với mã "unit.merged"

  Kịch bản: Điều động cán bộ sang đơn vị khác
    Cho xã "Phong Phú"
    Khi điều động cán bộ "Lê Thị Bình" sang "Phong Phú" làm "Phó Chủ tịch UBND xã"
    Thì sự kiện "OfficialTransferred" được ghi nhận

  Kịch bản: Ghi hỗ trợ do nhà tài trợ chi trả
    Cho hộ "Thạch Thị Hoa" của "Ninh Thới" thuộc diện "khó khăn về nhà ở"
    Khi ghi nhận hỗ trợ "nhà tình thương" trị giá 44.000.000 đồng cho hộ "Thạch Thị Hoa" do nhà tài trợ chi trả
    Thì sự kiện "SupportDelivered" được ghi nhận
    Và hộ "Thạch Thị Hoa" đã được hỗ trợ 1 lần, tổng trị giá 44.000.000 đồng
