# language: vi
Tính năng: Duyệt chi là việc của chính người duyệt
  Khoản chi từ ngưỡng (5.000.000 đồng) được đề nghị (RequestPayment) bởi công chức hoặc lãnh
  đạo xã, rồi từng lãnh đạo xã tự duyệt (ApprovePayment); chỉ khi đủ hai lãnh đạo khác nhau
  duyệt thì quỹ mới chi. Người đề nghị không tự duyệt; người thân của hộ không được duyệt.

  Bối cảnh:
    Cho xã "Ninh Thới"
    Và "Ninh Thới" có các ấp "Ô Rồm", "Ngãi Hiệp"
    Và các cán bộ của "Ninh Thới":
      | họ tên       | chức vụ              | vai trò   |
      | Trần Văn An  | Chủ tịch UBND xã     | lãnh đạo  |
      | Lê Thị Bình  | Phó Chủ tịch UBND xã | lãnh đạo  |
      | Ngô Văn Cường | Công chức văn phòng | văn phòng |
    Và hộ "Thạch Thị Hoa" của "Ninh Thới" ở ấp "Ô Rồm" thuộc diện "hộ nghèo"
    Và hộ "Thạch Thị Hoa" đã được "Trần Văn An" bình xét chọn tháng 03/2024
    Và quỹ của "Ninh Thới" có số dư 10.000.000 đồng

  Kịch bản: Công chức đề nghị, hai lãnh đạo tự duyệt: quỹ chi
    Khi thực hiện lệnh "RequestPayment" với:
      | trường          | giá trị        |
      | unit            | Ninh Thới      |
      | disbursement_id | sửa nhà        |
      | purpose         | house_repair   |
      | amount          | 6.000.000 đồng |
      | household_id    | Thạch Thị Hoa  |
      | requested_by    | Ngô Văn Cường  |
    Thì sự kiện "PaymentRequested" được ghi nhận
    Khi thực hiện lệnh "ApprovePayment" với:
      | trường          | giá trị     |
      | unit            | Ninh Thới   |
      | disbursement_id | sửa nhà     |
      | approver        | Trần Văn An |
    Thì sự kiện "PaymentApproved" được ghi nhận
    Và số dư quỹ của "Ninh Thới" là 10.000.000 đồng
    Khi thực hiện lệnh "ApprovePayment" với:
      | trường          | giá trị     |
      | unit            | Ninh Thới   |
      | disbursement_id | sửa nhà     |
      | approver        | Lê Thị Bình |
    Thì các sự kiện "PaymentApproved", "DisbursementMade" và "SupportDelivered" được ghi nhận
    Và số dư quỹ của "Ninh Thới" là 4.000.000 đồng
    Và kiểm toán quỹ đạt mọi kiểm tra

  Kịch bản: Một lãnh đạo duyệt hai lần vẫn chưa chi
    Cho đã thực hiện lệnh "RequestPayment" với:
      | trường          | giá trị        |
      | unit            | Ninh Thới      |
      | disbursement_id | sửa nhà        |
      | purpose         | house_repair   |
      | amount          | 6.000.000 đồng |
      | household_id    | Thạch Thị Hoa  |
      | requested_by    | Ngô Văn Cường  |
    Và đã thực hiện lệnh "ApprovePayment" với:
      | trường          | giá trị     |
      | unit            | Ninh Thới   |
      | disbursement_id | sửa nhà     |
      | approver        | Trần Văn An |
    Khi thực hiện lệnh "ApprovePayment" với:
      | trường          | giá trị     |
      | unit            | Ninh Thới   |
      | disbursement_id | sửa nhà     |
      | approver        | Trần Văn An |
    Thì bị từ chối với mã "fund.already_approved"
    Và số dư quỹ của "Ninh Thới" là 10.000.000 đồng

  Kịch bản: Người đề nghị không tự duyệt
    Cho đã thực hiện lệnh "RequestPayment" với:
      | trường          | giá trị        |
      | unit            | Ninh Thới      |
      | disbursement_id | sửa nhà        |
      | purpose         | house_repair   |
      | amount          | 6.000.000 đồng |
      | household_id    | Thạch Thị Hoa  |
      | requested_by    | Trần Văn An    |
    Khi thực hiện lệnh "ApprovePayment" với:
      | trường          | giá trị     |
      | unit            | Ninh Thới   |
      | disbursement_id | sửa nhà     |
      | approver        | Trần Văn An |
    Thì bị từ chối với mã "fund.requester_approves"

  Kịch bản: Lãnh đạo là người thân của hộ không được duyệt
    Cho cán bộ "Lê Thị Bình" đã kê khai là "em ruột" của hộ "Thạch Thị Hoa"
    Và đã thực hiện lệnh "RequestPayment" với:
      | trường          | giá trị        |
      | unit            | Ninh Thới      |
      | disbursement_id | sửa nhà        |
      | purpose         | house_repair   |
      | amount          | 6.000.000 đồng |
      | household_id    | Thạch Thị Hoa  |
      | requested_by    | Ngô Văn Cường  |
    Khi thực hiện lệnh "ApprovePayment" với:
      | trường          | giá trị     |
      | unit            | Ninh Thới   |
      | disbursement_id | sửa nhà     |
      | approver        | Lê Thị Bình |
    Thì bị từ chối với mã "selection.conflict_of_interest"

  Kịch bản: Mỗi lệnh do một người thực hiện: công chức không tự duyệt chi
    Cho đã thực hiện lệnh "RequestPayment" với:
      | trường          | giá trị        |
      | unit            | Ninh Thới      |
      | disbursement_id | sửa nhà        |
      | purpose         | house_repair   |
      | amount          | 6.000.000 đồng |
      | household_id    | Thạch Thị Hoa  |
      | requested_by    | Ngô Văn Cường  |
    Và cán bộ "Ngô Văn Cường" thực hiện
    Khi thực hiện lệnh "ApprovePayment" với:
      | trường          | giá trị       |
      | unit            | Ninh Thới     |
      | disbursement_id | sửa nhà       |
      | approver        | Ngô Văn Cường |
    Thì bị từ chối với mã "actor.role_forbidden"
    Và không có sự kiện nào được ghi nhận
    Và số dư quỹ của "Ninh Thới" là 10.000.000 đồng

  Kịch bản: Lãnh đạo không duyệt thay người khác
    Cho đã thực hiện lệnh "RequestPayment" với:
      | trường          | giá trị        |
      | unit            | Ninh Thới      |
      | disbursement_id | sửa nhà        |
      | purpose         | house_repair   |
      | amount          | 6.000.000 đồng |
      | household_id    | Thạch Thị Hoa  |
      | requested_by    | Ngô Văn Cường  |
    Và cán bộ "Trần Văn An" thực hiện
    Khi thực hiện lệnh "ApprovePayment" với:
      | trường          | giá trị     |
      | unit            | Ninh Thới   |
      | disbursement_id | sửa nhà     |
      | approver        | Lê Thị Bình |
    Thì bị từ chối với mã "actor.not_own_act"
    Và không có sự kiện nào được ghi nhận
