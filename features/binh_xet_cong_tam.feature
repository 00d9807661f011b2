# language: vi
Tính năng: Bình xét chọn hộ được hỗ trợ một cách công tâm, khách quan
  Không thiên vị người thân: cán bộ có quan hệ với hộ (đã kê khai) không được bình xét hay
  duyệt chi cho hộ đó. Hộ phải thuộc diện được hỗ trợ và còn trong danh sách. Hộ vừa được
  hỗ trợ trong vòng 12 tháng, hoặc xếp sau những hộ khó khăn hơn chưa được hỗ trợ, chỉ được
  chọn khi ghi rõ lý do. Hộ đã được chọn cho tháng đó (hoặc trong thời gian giãn cách trước
  đó) được tính là đã được hỗ trợ.

  Bối cảnh:
    Cho xã "Ninh Thới"
    Và "Ninh Thới" có các ấp "Ô Rồm", "Ngãi Hiệp"
    Và các cán bộ của "Ninh Thới":
      | họ tên       | chức vụ              | vai trò  |
      | Trần Văn An  | Chủ tịch UBND xã     | lãnh đạo |
      | Lê Thị Bình  | Phó Chủ tịch UBND xã | lãnh đạo |
    Và các hộ của "Ninh Thới":
      | chủ hộ        | diện                          | điểm khó khăn | người đánh giá |
      | Thạch Thị Hoa | hộ nghèo                      | 80            | Trần Văn An    |
      | Sơn Văn Lợi   | người già neo đơn, hộ cận nghèo | 60          | Trần Văn An    |
    Và cán bộ "Trần Văn An" đã kê khai là "em ruột" của hộ "Sơn Văn Lợi"
    Và quỹ của "Ninh Thới" có số dư 10.000.000 đồng

  Kịch bản: Chọn hộ khó khăn nhất, không có người thân
    Khi "Trần Văn An" bình xét chọn hộ "Thạch Thị Hoa" tháng 03/2024
    Thì sự kiện "HouseholdSelected" được ghi nhận

  Kịch bản: Cán bộ là người thân của hộ phải tránh khi bình xét
    Khi "Trần Văn An" và "Lê Thị Bình" bình xét chọn hộ "Sơn Văn Lợi" tháng 03/2024 với lý do "hộ neo đơn"
    Thì bị từ chối với mã "selection.conflict_of_interest" và thông báo "Cán bộ Trần Văn An có quan hệ em ruột với hộ Sơn Văn Lợi; phải tránh (không thiên vị người thân)."

  Kịch bản: Người thân không được duyệt chi cho hộ
    Cho hộ "Sơn Văn Lợi" đã được "Lê Thị Bình" bình xét chọn tháng 03/2024 với lý do "hộ neo đơn, ốm nặng"
    Khi chi 500.000 đồng từ quỹ của "Ninh Thới" cho hộ "Sơn Văn Lợi" để tặng quà do "Trần Văn An" duyệt
    Thì bị từ chối với mã "selection.conflict_of_interest"
    Khi chi 500.000 đồng từ quỹ của "Ninh Thới" cho hộ "Sơn Văn Lợi" để tặng quà do "Lê Thị Bình" duyệt
    Thì lệnh được chấp nhận

  Kịch bản: Xếp sau hộ khó khăn hơn chưa được hỗ trợ thì cần lý do
    Khi "Lê Thị Bình" bình xét chọn hộ "Sơn Văn Lợi" tháng 03/2024
    Thì bị từ chối với mã "selection.justification_required" và thông báo "Cần ghi lý do: Còn 1 hộ khó khăn hơn chưa được hỗ trợ."

  Kịch bản: Hộ khó khăn hơn đã được chọn trong tháng không còn xếp trước
    Khi "Lê Thị Bình" bình xét chọn hộ "Thạch Thị Hoa" tháng 03/2024
    Và "Lê Thị Bình" bình xét chọn hộ "Sơn Văn Lợi" tháng 03/2024
    Thì lệnh được chấp nhận

  Kịch bản: Hộ khó khăn hơn chỉ được chọn cho tháng sau thì vẫn xếp trước
    Cho hộ "Thạch Thị Hoa" đã được "Trần Văn An" bình xét chọn tháng 04/2024
    Khi "Lê Thị Bình" bình xét chọn hộ "Sơn Văn Lợi" tháng 03/2024
    Thì bị từ chối với mã "selection.justification_required" và thông báo "Cần ghi lý do: Còn 1 hộ khó khăn hơn chưa được hỗ trợ."

  Kịch bản: Xếp sau hộ khó khăn hơn, có lý do thì được chọn
    Khi "Lê Thị Bình" bình xét chọn hộ "Sơn Văn Lợi" tháng 03/2024 với lý do "ốm nặng, cần hỗ trợ ngay"
    Thì sự kiện "HouseholdSelected" được ghi nhận

  Kịch bản: Hộ vừa được hỗ trợ trong vòng 12 tháng cần lý do
    Cho hộ "Thạch Thị Hoa" đã nhận hỗ trợ "quà" trị giá 500.000 đồng ngày 05/02/2024
    Khi "Trần Văn An" bình xét chọn hộ "Thạch Thị Hoa" tháng 03/2024
    Thì bị từ chối với mã "selection.justification_required"
    Và thông báo từ chối có chứa "đã được hỗ trợ ngày 05/02/2024 (trong vòng 12 tháng)"
    Khi "Trần Văn An" bình xét chọn hộ "Thạch Thị Hoa" tháng 03/2024 với lý do "nhà sập sau bão"
    Thì lệnh được chấp nhận

  Kịch bản: Hỗ trợ đã quá thời gian giãn cách do tỉnh cấu hình
    Cho hộ đã được hỗ trợ trong vòng 1 tháng cần lý do khi bình xét lại
    Và hộ "Thạch Thị Hoa" đã nhận hỗ trợ "quà" trị giá 500.000 đồng ngày 05/02/2024
    Khi "Trần Văn An" bình xét chọn hộ "Thạch Thị Hoa" tháng 03/2024
    Thì lệnh được chấp nhận

  Kịch bản: Không bình xét hai lần trong một tháng
    Cho hộ "Thạch Thị Hoa" đã được "Trần Văn An" bình xét chọn tháng 03/2024
    Khi "Lê Thị Bình" bình xét chọn hộ "Thạch Thị Hoa" tháng 03/2024
    Thì bị từ chối với mã "state.invalid"

  Kịch bản: Hộ đã ra khỏi danh sách không được chọn
    Khi đưa hộ "Thạch Thị Hoa" ra khỏi danh sách vì "thoát nghèo"
    Thì sự kiện "HouseholdDeregistered" được ghi nhận
    Khi "Trần Văn An" bình xét chọn hộ "Thạch Thị Hoa" tháng 03/2024
    Thì bị từ chối với mã "selection.deregistered"

  Kịch bản: Cán bộ đã nghỉ công tác không được bình xét
    Khi cán bộ "Lê Thị Bình" nghỉ công tác với lý do "nghỉ hưu"
    Và "Lê Thị Bình" bình xét chọn hộ "Thạch Thị Hoa" tháng 03/2024
    Thì bị từ chối với mã "official.inactive"

  Kịch bản: Kê khai người thân sau khi đã chọn cũng chặn việc duyệt chi
    Cho hộ "Thạch Thị Hoa" đã được "Trần Văn An" bình xét chọn tháng 03/2024
    Khi cán bộ "Lê Thị Bình" kê khai là "con dâu" của hộ "Thạch Thị Hoa"
    Thì sự kiện "RelativeDeclared" được ghi nhận
    Khi chi 500.000 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để tặng quà do "Lê Thị Bình" duyệt
    Thì thông báo từ chối có chứa "Lê Thị Bình có quan hệ con dâu với hộ Thạch Thị Hoa"

  Kịch bản: Hộ phải thuộc ít nhất một diện được hỗ trợ
    Khi thực hiện lệnh "RegisterHousehold" với:
      | trường       | giá trị     |
      | household_id | Ngô Văn Tâm |
      | unit         | Ninh Thới   |
      | head         | Ngô Văn Tâm |
      | categories   |             |
    Thì bị từ chối với mã "input.invalid"
    Và thông báo từ chối có chứa "cần ít nhất một diện đối tượng"
