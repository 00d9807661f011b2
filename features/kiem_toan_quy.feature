# language: vi
Tính năng: Kiểm toán quỹ phát hiện việc sửa dữ liệu
  Mọi sự kiện được nối thành chuỗi băm theo từng luồng; kiểm toán quỹ phát lại toàn bộ lịch
  sử (từ cơ sở dữ liệu hoặc bản xuất) và kiểm tra các bất biến: số dư không âm, chi đúng hộ
  đã bình xét, người duyệt không là người thân, nguồn thu hợp pháp, công khai khớp sổ quỹ.
  Sửa, xóa, chèn hay đảo thứ tự sự kiện trực tiếp trong dữ liệu đều bị phát hiện, chỉ ra sự
  kiện đầu tiên bị phá vỡ; xóa sự kiện cuối cùng bị phát hiện nhờ mã tổng hợp đã lưu.

  Bối cảnh:
    Cho xã "Ninh Thới"
    Và cán bộ "Trần Văn An" của "Ninh Thới" là "Chủ tịch UBND xã"
    Và hộ "Thạch Thị Hoa" của "Ninh Thới" thuộc diện "hộ nghèo"
    Và hộ "Thạch Thị Hoa" đã được "Trần Văn An" bình xét chọn tháng 03/2024
    Và quỹ của "Ninh Thới" có số dư 1.000.000 đồng
    Khi chi 500.000 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để tặng quà do "Trần Văn An" duyệt
    Và quỹ của "Ninh Thới" nhận 2.000.000 đồng từ nhà tài trợ "Hội Doanh nhân trẻ"
    Và quỹ của "Ninh Thới" nhận 300.000 đồng tại buổi làm việc

  Kịch bản: Lịch sử không bị sửa: kiểm toán đạt
    Thì kiểm toán quỹ đạt mọi kiểm tra
    Và kiểm tra lịch sử thấy nguyên vẹn
    Và số dư quỹ của "Ninh Thới" là 2.800.000 đồng

  Kịch bản: Sửa số tiền của một khoản thu bị phát hiện
    Khi ai đó sửa số tiền của sự kiện "ContributionReceived" đầu tiên thành 50.000.000 đồng trong bản xuất dữ liệu
    Thì kiểm tra lịch sử phát hiện nội dung bị sửa tại sự kiện "ContributionReceived"
    Và kiểm toán quỹ không đạt kiểm tra "chain.intact"

  Kịch bản: Xóa một khoản chi bị phát hiện
    Khi ai đó xóa sự kiện "DisbursementMade" đầu tiên khỏi bản xuất dữ liệu
    Thì kiểm tra lịch sử phát hiện sự kiện bị xóa
    Và kiểm toán quỹ không đạt kiểm tra "chain.intact"

  Kịch bản: Xóa sự kiện cuối cùng chỉ bị phát hiện nhờ mã tổng hợp đã lưu
    Cho kiểm toán viên đã lưu mã tổng hợp lịch sử
    Khi ai đó xóa sự kiện "ContributionReceived" cuối cùng khỏi bản xuất dữ liệu
    Thì kiểm tra lịch sử phát hiện lịch sử bị viết lại

  Kịch bản: Đảo thứ tự hai sự kiện bị phát hiện
    Khi ai đó đảo thứ tự hai sự kiện cuối cùng trong bản xuất dữ liệu
    Thì kiểm tra lịch sử phát hiện thứ tự bị đảo

  Kịch bản: Bản công khai mang mã băm của lịch sử và khớp sổ quỹ
    Khi công bố công khai thu chi quỹ của "Ninh Thới" từ 01/03/2024 đến 31/03/2024
    Thì bản công khai vừa công bố có:
      | mục         | số tiền        |
      | thu         | 3.300.000 đồng |
      | chi         | 500.000 đồng   |
      | tồn cuối kỳ | 2.800.000 đồng |
    Và kiểm toán quỹ đạt mọi kiểm tra

  Kịch bản: Sửa bản công khai đã công bố bị phát hiện
    Cho hôm nay là 01/04/2024
    Khi công bố công khai thu chi quỹ của "Ninh Thới" từ 01/03/2024 đến 31/03/2024
    Và ai đó sửa số tiền của sự kiện "DisbursementMade" đầu tiên thành 5.000 đồng trong bản xuất dữ liệu
    Thì kiểm tra lịch sử phát hiện nội dung bị sửa tại sự kiện "DisbursementMade"
    Và kiểm toán quỹ không đạt kiểm tra "fund.disclosures_match_ledger"
