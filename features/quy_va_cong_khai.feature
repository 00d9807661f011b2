# language: vi
Tính năng: Quỹ hỗ trợ đối tượng chính sách gặp khó khăn và công khai thu chi
  Quỹ nhận đóng góp tự nguyện tại buổi chào cờ, tại buổi làm việc, hoặc từ nhà tài trợ có
  tên (nguồn xã hội hóa hợp pháp); chi cho hộ đã được bình xét chọn, do cán bộ không phải
  người thân của hộ duyệt; khoản chi từ 5.000.000 đồng cần hai lãnh đạo, mỗi người tự duyệt
  một đề nghị chi (xem duyet_chi.feature), không chi một lần được; số dư không bao
  giờ âm; thu chi được công khai; không sửa, không xóa — chi nhầm thì điều chỉnh ngược.

  Bối cảnh:
    Cho xã "Ninh Thới"
    Và "Ninh Thới" có các ấp "Ô Rồm", "Ngãi Hiệp"
    Và các cán bộ của "Ninh Thới":
      | họ tên      | chức vụ              | vai trò  |
      | Trần Văn An | Chủ tịch UBND xã     | lãnh đạo |
      | Lê Thị Bình | Phó Chủ tịch UBND xã | lãnh đạo |
    Và hộ "Thạch Thị Hoa" của "Ninh Thới" ở ấp "Ô Rồm" thuộc diện "hộ nghèo"
    Và hộ "Thạch Thị Hoa" đã được "Trần Văn An" bình xét chọn tháng 03/2024
    Và quỹ của "Ninh Thới" có số dư 10.000.000 đồng

  Kịch bản: Chi cho hộ đã được bình xét, trong số dư
    Khi chi 2.000.000 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để tặng quà do "Trần Văn An" duyệt
    Thì các sự kiện "DisbursementMade" và "SupportDelivered" được ghi nhận
    Và số dư quỹ của "Ninh Thới" là 8.000.000 đồng
    Và hộ "Thạch Thị Hoa" đã được hỗ trợ 1 lần, tổng trị giá 2.000.000 đồng

  Kịch bản: Số dư không bao giờ âm
    Cho khoản chi từ 20.000.000 đồng trở lên cần hai người duyệt
    Khi chi 12.000.000 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để sửa nhà do "Trần Văn An" duyệt
    Thì bị từ chối với mã "fund.insufficient_balance" và thông báo "Số dư quỹ 10.000.000 đ không đủ để chi 12.000.000 đ."
    Và không có sự kiện nào được ghi nhận
    Và số dư quỹ của "Ninh Thới" là 10.000.000 đồng

  Kịch bản: Chi đúng bằng số dư được chấp nhận
    Cho khoản chi từ 20.000.000 đồng trở lên cần hai người duyệt
    Khi chi 10.000.000 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để sửa nhà do "Trần Văn An" duyệt
    Thì lệnh được chấp nhận
    Và số dư quỹ của "Ninh Thới" là 0 đồng

  Khung kịch bản: Từ ngưỡng 5.000.000 đồng không chi một lần: phải đề nghị để từng lãnh đạo tự duyệt
    Khi chi <số tiền> từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để sửa nhà do <người duyệt> duyệt
    Thì <kết quả>

    Dữ liệu:
      | số tiền         | người duyệt                     | kết quả                                                 |
      | 4.999.999 đồng  | "Trần Văn An"                   | lệnh được chấp nhận                                     |
      | 5.000.000 đồng  | "Trần Văn An"                   | bị từ chối với mã "fund.request_required"               |
      | 5.000.000 đ     | "Trần Văn An" và "Trần Văn An"  | bị từ chối với mã "fund.request_required"               |
      | 5.000.000 đ     | "Trần Văn An" và "Lê Thị Bình"  | bị từ chối với mã "fund.request_required"               |
      | 500.000 đ       | "Trần Văn An" và "Lê Thị Bình"  | bị từ chối với mã "fund.single_approver"                |

  Kịch bản: Ngưỡng hai người duyệt do tỉnh cấu hình
    Cho khoản chi từ 10.000.000 đồng trở lên cần hai người duyệt
    Khi chi 6.000.000 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để sửa nhà do "Trần Văn An" duyệt
    Thì lệnh được chấp nhận

  Kịch bản: Khoản chi phải có người duyệt
    Khi chi 500.000 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để tặng quà mà không có người duyệt
    Thì bị từ chối với mã "fund.approval_required" và thông báo "Khoản chi phải có người duyệt."

  Kịch bản: Số tiền phải là số nguyên đồng lớn hơn 0
    Khi chi 0 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để tặng quà do "Trần Văn An" duyệt
    Thì bị từ chối với mã "fund.non_positive_amount"
    Khi quỹ của "Ninh Thới" nhận 0 đồng từ buổi chào cờ
    Thì bị từ chối với mã "fund.non_positive_amount" và thông báo "Số tiền phải là số nguyên đồng lớn hơn 0."

  Kịch bản: Chỉ chi cho hộ đã được bình xét chọn
    Cho hộ "Sơn Văn Lợi" của "Ninh Thới" thuộc diện "người già neo đơn"
    Khi chi 500.000 đồng từ quỹ của "Ninh Thới" cho hộ "Sơn Văn Lợi" để tặng quà do "Trần Văn An" duyệt
    Thì bị từ chối với mã "selection.not_selected" và thông báo "Hộ Sơn Văn Lợi chưa được bình xét chọn hỗ trợ."

  Kịch bản: Quỹ chỉ chi cho hộ của đơn vị mình
    Cho xã "Phong Phú"
    Và hộ "Kim Văn Sang" của "Phong Phú" thuộc diện "hộ nghèo"
    Khi chi 500.000 đồng từ quỹ của "Ninh Thới" cho hộ "Kim Văn Sang" để tặng quà do "Trần Văn An" duyệt
    Thì bị từ chối với mã "fund.household_of_other_unit"

  Khung kịch bản: Đóng góp từ nguồn hợp pháp được nhận
    Khi quỹ của "Ninh Thới" nhận <số tiền> <nguồn>
    Thì sự kiện "ContributionReceived" được ghi nhận
    Và số dư quỹ của "Ninh Thới" là <số dư>

    Dữ liệu:
      | số tiền         | nguồn                                                | số dư           |
      | 2.000.000 đồng  | từ buổi chào cờ                                      | 12.000.000 đồng |
      | 500.000 đ       | tại buổi làm việc                                    | 10.500.000 đồng |
      | 30.000.000 đồng | từ nhà tài trợ "Công ty Xổ số kiến thiết Trà Vinh"  | 40.000.000 đồng |

  Kịch bản: Nguồn xã hội hóa phải ghi tên nhà tài trợ
    Khi quỹ của "Ninh Thới" nhận 5.000.000 đồng từ nguồn xã hội hóa không ghi tên nhà tài trợ
    Thì bị từ chối với mã "fund.unlawful_source" và thông báo "Nguồn đóng góp không hợp pháp: nguồn xã hội hóa phải ghi rõ tên nhà tài trợ."

  Kịch bản: Cam kết đóng góp rồi nộp tiền theo cam kết
    Cho "Nguyễn Văn Bảy" đã cam kết đóng góp 1.000.000 đồng vào quỹ của "Ninh Thới" tại buổi chào cờ
    Khi quỹ của "Ninh Thới" nhận 600.000 đồng theo cam kết của "Nguyễn Văn Bảy"
    Thì sự kiện "ContributionReceived" được ghi nhận
    Khi quỹ của "Ninh Thới" nhận 600.000 đồng theo cam kết của "Nguyễn Văn Bảy"
    Thì bị từ chối với mã "fund.receipt_exceeds_pledge"
    Khi hủy cam kết của "Nguyễn Văn Bảy" vào quỹ của "Ninh Thới" với lý do "chuyển đi nơi khác"
    Thì sự kiện "PledgeCancelled" được ghi nhận
    Và số dư quỹ của "Ninh Thới" là 10.600.000 đồng

  Kịch bản: Chi nhầm thì điều chỉnh ngược, không sửa, không xóa
    Cho khoản chi từ 50.000.000 đồng trở lên cần hai người duyệt
    Khi chi 3.000.000 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để làm nhà vệ sinh do "Trần Văn An" duyệt
    Và điều chỉnh ngược khoản chi cho hộ "Thạch Thị Hoa" từ quỹ của "Ninh Thới" với lý do "chi nhầm hộ"
    Thì sự kiện "DisbursementReversed" được ghi nhận
    Và số dư quỹ của "Ninh Thới" là 10.000.000 đồng
    Và sổ quỹ của "Ninh Thới" có các dòng:
      | ngày       | loại     | số tiền         | số dư           | nguồn        |
      | 04/03/2024 | thu      | 10.000.000 đồng | 10.000.000 đồng | chào cờ      |
      | 04/03/2024 | chi      | 3.000.000 đồng  | 7.000.000 đồng  | nhà vệ sinh  |
      | 04/03/2024 | hoàn chi | 3.000.000 đồng  | 10.000.000 đồng | hoàn chi     |
    Khi điều chỉnh ngược khoản chi cho hộ "Thạch Thị Hoa" từ quỹ của "Ninh Thới" với lý do "bấm hai lần"
    Thì bị từ chối với mã "fund.already_reversed"

  Kịch bản: Công khai thu chi của kỳ, khớp với sổ quỹ
    Cho hôm nay là 05/03/2024
    Và quỹ của "Ninh Thới" có số dư 12.000.000 đồng
    Khi chi 2.000.000 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để tặng quà do "Trần Văn An" duyệt
    Và đến ngày 01/04/2024
    Và công bố công khai thu chi quỹ của "Ninh Thới" từ 05/03/2024 đến 31/03/2024
    Thì sự kiện "DisclosurePublished" được ghi nhận
    Và bản công khai vừa công bố có:
      | mục         | số tiền         |
      | tồn đầu kỳ  | 10.000.000 đồng |
      | thu         | 2.000.000 đồng  |
      | chi         | 2.000.000 đồng  |
      | hoàn chi    | 0 đồng          |
      | tồn cuối kỳ | 10.000.000 đồng |
    Và công khai thu chi quỹ của "Ninh Thới" từ 01/03/2024 đến 31/03/2024 có:
      | mục         | số tiền         |
      | tồn đầu kỳ  | 0 đồng          |
      | thu         | 12.000.000 đồng |
      | chi         | 2.000.000 đồng  |
      | tồn cuối kỳ | 10.000.000 đồng |
    Và kiểm toán quỹ đạt mọi kiểm tra

  Kịch bản: Mỗi đơn vị chỉ có một quỹ
    Khi lập quỹ của "Ninh Thới"
    Thì bị từ chối với mã "already_exists"
