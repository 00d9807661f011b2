# language: vi
Tính năng: Báo trước cho tình nguyện viên
  Hỗ trợ người dân là việc tình nguyện: người tham gia phải được báo trước ít nhất một ngày
  về thời gian, địa điểm và nhiệm vụ. Chưa báo hợp lệ thì không ghi nhận hoàn thành.

  Bối cảnh:
    Cho xã "Ninh Thới"
    Và "Ninh Thới" có các ấp "Ô Rồm", "Ngãi Hiệp"
    Và hoạt động tình nguyện "Phát quang đường ấp" loại "phát quang" của "Ninh Thới" tại "Ấp Ô Rồm" bắt đầu lúc 10/03/2024 07:00

  Kịch bản: Báo trước hơn một ngày rồi ghi nhận hoàn thành
    Khi thông báo cho tình nguyện viên về hoạt động "Phát quang đường ấp" lúc 08/03/2024 07:00
    Thì sự kiện "VolunteersNotified" được ghi nhận
    Khi ghi nhận hoàn thành hoạt động "Phát quang đường ấp" với 40 lượt người trên 1,2 km
    Thì sự kiện "VolunteerWorkCompleted" được ghi nhận
    Và báo cáo của "Ninh Thới" từ 01/03/2024 đến 31/03/2024 có:
      | chỉ tiêu            | giá trị |
      | số lượt tình nguyện | 40      |
      | chiều dài đường     | 1,2 km  |

  Khung kịch bản: Báo trước đúng hoặc chưa đủ 24 giờ
    Khi thông báo cho tình nguyện viên về hoạt động "Phát quang đường ấp" lúc <lúc báo>
    Thì <kết quả>

    Dữ liệu:
      | lúc báo               | kết quả                             |
      | 09/03/2024 07:00      | lệnh được chấp nhận                 |
      | 07:00 ngày 09/03/2024 | lệnh được chấp nhận                 |
      | 07:01 ngày 09/03/2024 | bị từ chối với mã "notice.too_late" |
      | 09/03/2024 07:01      | bị từ chối với mã "notice.too_late" |
      | 10/03/2024 06:00      | bị từ chối với mã "notice.too_late" |
      | 2024-03-01T20:00      | lệnh được chấp nhận                 |

  Kịch bản: Báo muộn thì bị từ chối, với thông báo rõ ràng
    Khi thông báo cho tình nguyện viên về hoạt động "Phát quang đường ấp" lúc 09/03/2024 18:00
    Thì bị từ chối với mã "notice.too_late" và thông báo "Phải thông báo cho tình nguyện viên trước ít nhất 24 giờ (thông báo lúc 18:00 ngày 09/03/2024, bắt đầu 07:00 ngày 10/03/2024)."

  Kịch bản: Chưa báo hợp lệ thì không ghi nhận hoàn thành
    Khi ghi nhận hoàn thành hoạt động "Phát quang đường ấp" với 40 lượt người
    Thì bị từ chối với mã "notice.missing" và thông báo "Chưa thông báo hợp lệ cho tình nguyện viên về thời gian, địa điểm, nhiệm vụ."

  Kịch bản: Báo muộn không được tính là đã báo
    Khi thông báo cho tình nguyện viên về hoạt động "Phát quang đường ấp" lúc 10/03/2024 06:00
    Thì bị từ chối với mã "notice.too_late"
    Khi ghi nhận hoàn thành hoạt động "Phát quang đường ấp" với 40 lượt người
    Thì bị từ chối với mã "notice.missing"

  Kịch bản: Tỉnh yêu cầu báo trước 48 giờ
    Cho tình nguyện viên phải được báo trước ít nhất 48 giờ
    Khi thông báo cho tình nguyện viên về hoạt động "Phát quang đường ấp" lúc 09/03/2024 07:00
    Thì bị từ chối với mã "notice.too_late"
    Và thông báo từ chối có chứa "ít nhất 48 giờ"

  Kịch bản: Không thông báo lúc nào thì tính từ thời điểm hiện tại
    Cho bây giờ là 08/03/2024 17:00
    Khi thông báo cho tình nguyện viên về hoạt động "Phát quang đường ấp"
    Thì lệnh được chấp nhận

  Kịch bản: Báo đúng 24 giờ trước, vào thời điểm hiện tại, rồi ghi nhận hoàn thành
    Cho bây giờ là 09/03/2024 07:00
    Khi thông báo cho tình nguyện viên về hoạt động "Phát quang đường ấp"
    Thì sự kiện "VolunteersNotified" được ghi nhận
    Khi ghi nhận hoàn thành hoạt động "Phát quang đường ấp" với 40 lượt người
    Thì sự kiện "VolunteerWorkCompleted" được ghi nhận

  Kịch bản: Hoạt động đã hủy không thể hoàn thành
    Cho tình nguyện viên đã được thông báo về hoạt động "Phát quang đường ấp" lúc 08/03/2024 07:00
    Khi hủy hoạt động "Phát quang đường ấp" với lý do "mưa lớn"
    Thì sự kiện "VolunteerWorkCancelled" được ghi nhận
    Khi ghi nhận hoàn thành hoạt động "Phát quang đường ấp" với 40 lượt người
    Thì bị từ chối với mã "state.invalid"

  Kịch bản: Lên kế hoạch làm đường và hoàn thành với giá trị
    Khi lên kế hoạch hoạt động tình nguyện "Làm đường đal" loại "làm đường" của "Ninh Thới" tại "Ấp Ngãi Hiệp" bắt đầu lúc 20/03/2024 07:00
    Thì sự kiện "VolunteerWorkPlanned" được ghi nhận
    Khi thông báo cho tình nguyện viên về hoạt động "Làm đường đal" lúc 18/03/2024 07:00
    Và ghi nhận hoàn thành hoạt động "Làm đường đal" với 60 lượt người trên 0,5 km trị giá 15.000.000 đồng
    Thì sự kiện "VolunteerWorkCompleted" được ghi nhận
