# language: vi
Tính năng: Xoá dữ liệu cá nhân mà lịch sử quỹ vẫn kiểm toán được
  Theo Luật Bảo vệ dữ liệu cá nhân, một người có quyền yêu cầu xoá dữ liệu của mình. Họ tên,
  điện thoại, địa chỉ, hoàn cảnh được mã hoá bằng khoá riêng của từng người trước khi ghi;
  xoá là huỷ khoá. Lịch sử, số liệu và chuỗi băm không đổi: kiểm toán quỹ vẫn đạt, nhưng
  không ai còn đọc được dữ liệu đã xoá.

  Bối cảnh:
    Cho xã "Ninh Thới"
    Và cán bộ "Trần Văn An" của "Ninh Thới" là "Chủ tịch UBND xã"
    Và hộ "Thạch Thị Hoa" của "Ninh Thới" thuộc diện "hộ nghèo"
    Và hộ "Sơn Văn Lợi" của "Ninh Thới" thuộc diện "hộ nghèo"
    Và hộ "Thạch Thị Hoa" đã được "Trần Văn An" bình xét chọn tháng 03/2024
    Và quỹ của "Ninh Thới" có số dư 1.000.000 đồng
    Khi chi 500.000 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để tặng quà do "Trần Văn An" duyệt

  Kịch bản: Trước khi xoá, người có quyền thấy tên chủ hộ
    Thì lịch sử hộ "Thạch Thị Hoa" ghi tên chủ hộ là "Thạch Thị Hoa"

  Kịch bản: Xoá dữ liệu cá nhân của một hộ, số liệu và kiểm toán giữ nguyên
    Khi xoá dữ liệu cá nhân của hộ "Thạch Thị Hoa"
    Thì lịch sử hộ "Thạch Thị Hoa" ghi tên chủ hộ là "[đã xoá]"
    Và lịch sử hộ "Sơn Văn Lợi" ghi tên chủ hộ là "Sơn Văn Lợi"
    Và hộ "Thạch Thị Hoa" đã được hỗ trợ 1 lần, tổng trị giá 500.000 đồng
    Và số dư quỹ của "Ninh Thới" là 500.000 đồng
    Và kiểm toán quỹ đạt mọi kiểm tra
    Và kiểm tra lịch sử thấy nguyên vẹn
