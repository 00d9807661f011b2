# language: vi
Tính năng: Lên lịch buổi làm việc và luân phiên ấp tiếp dân
  Buổi "Nghe dân nói – Làm dân tin" họp vào thứ Hai đầu tháng; nếu khác ngày phải ghi lý do.
  Việc tiếp dân xoay vòng giữa các ấp (ấp lâu nhất chưa tiếp dân đến lượt trước); chọn ấp
  khác, ví dụ nơi có nhiều bức xúc, phải ghi lý do. Cấp giám sát họp theo lịch riêng.

  Bối cảnh:
    Cho tỉnh "Trà Vinh" mã "84"
    Và xã "Ninh Thới" mã "29257" thuộc "Trà Vinh"
    Và "Ninh Thới" có các ấp "Ô Rồm", "Ngãi Hiệp" và "Trà Điêu"
    Và ấp "Ngãi Hiệp" của "Ninh Thới" đã tiếp dân ngày 01/01/2024
    Và ấp "Ô Rồm" của "Ninh Thới" đã tiếp dân ngày 05/02/2024

  Kịch bản: Lên lịch vào thứ Hai đầu tháng, tiếp dân tại ấp đến lượt
    Khi "Ninh Thới" lên lịch buổi làm việc tháng 03/2024 vào ngày 04/03/2024 tiếp dân tại ấp "Trà Điêu"
    Thì sự kiện "SessionScheduled" được ghi nhận
    Và buổi làm việc tháng 03/2024 của "Ninh Thới" diễn ra ngày 04/03/2024

  Kịch bản: Không ghi ngày thì mặc định là thứ Hai đầu tháng
    Khi "Ninh Thới" lên lịch buổi làm việc tháng 04/2024
    Thì lệnh được chấp nhận
    Và buổi làm việc tháng 04/2024 của "Ninh Thới" diễn ra ngày 01/04/2024

  Khung kịch bản: Ngày khác thứ Hai đầu tháng cần lý do
    Khi "Ninh Thới" lên lịch buổi làm việc tháng <tháng> vào ngày <ngày>
    Thì bị từ chối với mã "scheduling.reason_required" và thông báo "Ngày <viết ra> không phải thứ Hai đầu tháng (<thứ Hai>); cần ghi lý do."

    Dữ liệu:
      | tháng   | ngày       | viết ra    | thứ Hai    |
      | 03/2024 | 05/03/2024 | 05/03/2024 | 04/03/2024 |
      | 04/2024 | 08/04/2024 | 08/04/2024 | 01/04/2024 |
      | 06/2024 | 2024-06-10 | 10/06/2024 | 03/06/2024 |

  Kịch bản: Ngày khác thứ Hai đầu tháng được chấp nhận khi có lý do
    Khi "Ninh Thới" lên lịch buổi làm việc tháng 03/2024 vào ngày 05/03/2024 với lý do đổi ngày "trùng lễ Quốc tế Phụ nữ"
    Thì sự kiện "SessionScheduled" được ghi nhận

  Kịch bản: Ngày không thuộc tháng của buổi làm việc bị từ chối
    Khi "Ninh Thới" lên lịch buổi làm việc tháng 03/2024 vào ngày 01/04/2024 với lý do đổi ngày "dời sang tháng sau"
    Thì bị từ chối với mã "scheduling.date_outside_month"
    Và thông báo từ chối có chứa "không thuộc tháng 03/2024"

  Kịch bản: Chọn ấp ngoài lượt luân phiên mà không ghi lý do bị từ chối
    Khi "Ninh Thới" lên lịch buổi làm việc tháng 03/2024 tiếp dân tại ấp "Ô Rồm"
    Thì bị từ chối với mã "scheduling.rotation_reason_required" và thông báo "Theo luân phiên, lần này tiếp dân tại Trà Điêu; chọn Ô Rồm cần ghi lý do."

  Kịch bản: Chọn ấp có nhiều bức xúc, ngoài lượt luân phiên, khi có lý do
    Khi "Ninh Thới" lên lịch buổi làm việc tháng 03/2024 tiếp dân tại ấp "Ô Rồm" với lý do chọn ấp "nơi có nhiều bức xúc, nhiều dư luận"
    Thì sự kiện "SessionScheduled" được ghi nhận

  Kịch bản: Ấp không thuộc xã bị từ chối
    Cho xã "Phong Phú"
    Và ấp "Phong Hòa" thuộc "Phong Phú"
    Khi "Ninh Thới" lên lịch buổi làm việc tháng 03/2024 tiếp dân tại ấp "Phong Hòa"
    Thì bị từ chối với mã "unit.not_hamlet_of"

  Kịch bản: Không bắt buộc luân phiên theo cấu hình của tỉnh
    Cho không bắt buộc luân phiên ấp tiếp dân
    Khi "Ninh Thới" lên lịch buổi làm việc tháng 03/2024 tiếp dân tại ấp "Ô Rồm"
    Thì lệnh được chấp nhận

  Kịch bản: Cấp giám sát họp theo lịch riêng, không cần thứ Hai đầu tháng
    Khi "Trà Vinh" lên lịch buổi làm việc cấp giám sát tháng 03/2024 vào ngày 14/03/2024
    Thì sự kiện "SessionScheduled" được ghi nhận

  Kịch bản: Đơn vị không phải cấp xã không họp buổi cấp xã
    Khi "Trà Vinh" lên lịch buổi làm việc tháng 03/2024
    Thì bị từ chối với mã "unit.not_commune_level"

  Kịch bản: Mỗi tháng chỉ một buổi làm việc cấp xã
    Cho "Ninh Thới" đã lên lịch buổi làm việc tháng 03/2024
    Khi "Ninh Thới" lên lịch buổi làm việc tháng 03/2024
    Thì bị từ chối với mã "already_exists"

  Kịch bản: Dời buổi làm việc có lý do
    Cho "Ninh Thới" đã lên lịch buổi làm việc tháng 03/2024
    Khi dời buổi làm việc tháng 03/2024 của "Ninh Thới" sang ngày 11/03/2024 với lý do "mưa bão"
    Thì sự kiện "SessionRescheduled" được ghi nhận
    Và buổi làm việc tháng 03/2024 của "Ninh Thới" diễn ra ngày 11/03/2024

  Kịch bản: Buổi sáng: chào cờ, tiếp dân và kiểm tra của cấp giám sát
    Cho cán bộ "Trương Văn Mười" của "Trà Vinh" là "Ủy viên Ban Thường vụ" với vai trò "cấp giám sát"
    Và "Ninh Thới" đã lên lịch buổi làm việc tháng 03/2024 tiếp dân tại ấp "Trà Điêu"
    Khi buổi làm việc tháng 03/2024 của "Ninh Thới" chào cờ với 45 người dự
    Thì sự kiện "FlagCeremonyHeld" được ghi nhận
    Khi "Ninh Thới" tiếp dân tại ấp "Trà Điêu" trong buổi làm việc tháng 03/2024 với 25 người dự
    Thì sự kiện "ReceptionHeld" được ghi nhận
    Khi "Trương Văn Mười" kiểm tra buổi làm việc tháng 03/2024 của "Ninh Thới" với nhận xét "thực hiện đúng quy trình"
    Thì sự kiện "SessionInspected" được ghi nhận

  Kịch bản: Chỉ cán bộ cấp giám sát mới kiểm tra buổi làm việc
    Cho cán bộ "Trần Văn An" của "Ninh Thới"
    Và "Ninh Thới" đã lên lịch buổi làm việc tháng 03/2024
    Khi "Trần Văn An" kiểm tra buổi làm việc tháng 03/2024 của "Ninh Thới" với nhận xét "tự kiểm tra"
    Thì bị từ chối với mã "official.role_missing"

  Kịch bản: Hủy buổi làm việc dịp Tết
    Cho "Ninh Thới" đã lên lịch buổi làm việc tháng 03/2024
    Khi hủy buổi làm việc tháng 03/2024 của "Ninh Thới" với lý do "nghỉ Tết"
    Thì sự kiện "SessionCancelled" được ghi nhận
    Và buổi làm việc tháng 03/2024 của "Ninh Thới" đã bị hủy
