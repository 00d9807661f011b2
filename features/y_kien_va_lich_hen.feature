# language: vi
Tính năng: Ý kiến, kiến nghị của công dân và lịch hẹn trả lời
  Việc thuộc thẩm quyền được trả lời tại chỗ, nêu rõ căn cứ; việc vượt thẩm quyền hoặc cần
  xác minh thì tiếp thu và hẹn thời gian, địa điểm trả lời, trong thời hạn (mặc định 30
  ngày). Trả lời chưa phải là giải quyết; quá lịch hẹn mà chưa trả lời là quá hạn. Buổi làm
  việc chỉ kết thúc khi mọi ý kiến đã được trả lời hoặc hẹn.

  Bối cảnh:
    Cho xã "Ninh Thới"
    Và "Ninh Thới" có các ấp "Ô Rồm", "Ngãi Hiệp"
    Và cán bộ "Trần Văn An" của "Ninh Thới" là "Chủ tịch UBND xã"
    Và hôm nay là 04/03/2024
    Và công dân "Nguyễn Văn Nam" đã nêu ý kiến "đường ấp ngập" về "hạ tầng" tại buổi làm việc tháng 03/2024 của "Ninh Thới"

  Kịch bản: Trả lời tại chỗ, có căn cứ
    Khi "Trần Văn An" trả lời tại chỗ ý kiến "đường ấp ngập" căn cứ "Kế hoạch đầu tư công năm 2024"
    Thì sự kiện "ComplaintAnsweredOnSpot" được ghi nhận
    Và ý kiến "đường ấp ngập" ở trạng thái "trả lời tại chỗ"

  Kịch bản: Trả lời tại chỗ mà không nêu căn cứ bị từ chối
    Khi "Trần Văn An" trả lời tại chỗ ý kiến "đường ấp ngập" mà không nêu căn cứ
    Thì bị từ chối với mã "answers.basis_required" và thông báo "Trả lời tại chỗ phải nêu căn cứ pháp lý/chính sách; nếu chưa rõ, hãy tiếp thu và hẹn."
    Và ý kiến "đường ấp ngập" ở trạng thái "đang mở"

  Kịch bản: Tiếp thu và hẹn trả lời trong thời hạn
    Khi tiếp thu ý kiến "đường ấp ngập" vì "cần xác minh" và hẹn trả lời lúc 20/03/2024 08:00 tại "Trụ sở UBND xã" giao "Công chức địa chính"
    Thì sự kiện "ComplaintTakenOnRecord" được ghi nhận
    Và trên bảng theo dõi, ý kiến "đường ấp ngập" là "chờ trả lời"

  Khung kịch bản: Lịch hẹn phải sau khi nhận ý kiến và trong thời hạn
    Khi tiếp thu ý kiến "đường ấp ngập" vì "<lý do>" và hẹn trả lời lúc <lịch hẹn> tại "Trụ sở UBND xã"
    Thì bị từ chối với mã "<mã>"

    Dữ liệu:
      | lý do            | lịch hẹn         | mã                                   |
      | vượt thẩm quyền  | 03/03/2024 08:00 | answers.appointment_before_complaint |
      | cần xác minh     | 10/04/2024 08:00 | answers.appointment_beyond_limit     |
      | chưa rõ          | 2024-05-01T08:00 | answers.appointment_beyond_limit     |

  Kịch bản: Thời hạn hẹn do tỉnh cấu hình
    Cho thời hạn hẹn trả lời tối đa là 10 ngày
    Khi tiếp thu ý kiến "đường ấp ngập" vì "cần xác minh" và hẹn trả lời lúc 20/03/2024 08:00 tại "Trụ sở UBND xã"
    Thì bị từ chối với mã "answers.appointment_beyond_limit"
    Và thông báo từ chối có chứa "quá 10 ngày"

  Kịch bản: Lịch hẹn đã qua khi ghi nhận bị từ chối
    Khi đến ngày 08/03/2024
    Và tiếp thu ý kiến "đường ấp ngập" vì "cần xác minh" và hẹn trả lời lúc 06/03/2024 08:00 tại "Trụ sở UBND xã"
    Thì bị từ chối với mã "answers.appointment_in_past"

  Kịch bản: Quá lịch hẹn mà chưa trả lời là quá hạn; trả lời chưa phải là giải quyết
    Cho ý kiến "đường ấp ngập" ở trạng thái "tiếp thu, hẹn trả lời"
    Khi đến ngày 21/03/2024
    Thì trên bảng theo dõi, ý kiến "đường ấp ngập" là "quá hạn"
    Khi "Trần Văn An" trả lời ý kiến "đường ấp ngập" căn cứ "Kế hoạch sửa đường năm 2024"
    Thì trên bảng theo dõi, ý kiến "đường ấp ngập" là "đã trả lời"
    Và ý kiến "đường ấp ngập" ở trạng thái "đã trả lời"
    Khi "Trần Văn An" ghi nhận ý kiến "đường ấp ngập" đã được giải quyết
    Thì trên bảng theo dõi, ý kiến "đường ấp ngập" là "đã giải quyết"

  Kịch bản: Dời lịch hẹn có lý do
    Cho ý kiến "đường ấp ngập" ở trạng thái "tiếp thu, hẹn trả lời"
    Khi dời lịch hẹn ý kiến "đường ấp ngập" sang 27/03/2024 08:00 tại "Trụ sở UBND xã" với lý do "chờ kết quả khảo sát"
    Thì sự kiện "AppointmentRescheduled" được ghi nhận

  Kịch bản: Chuyển cơ quan có thẩm quyền
    Khi chuyển ý kiến "đường ấp ngập" đến "Phòng Kinh tế - Hạ tầng" và hẹn trả lời lúc 25/03/2024 08:00 tại "Trụ sở UBND xã"
    Thì sự kiện "ComplaintReferred" được ghi nhận
    Và ý kiến "đường ấp ngập" ở trạng thái "chuyển cơ quan có thẩm quyền"

  Kịch bản: Chưa trả lời thì chưa thể ghi nhận đã giải quyết
    Cho ý kiến "đường ấp ngập" ở trạng thái "tiếp thu, hẹn trả lời"
    Khi "Trần Văn An" ghi nhận ý kiến "đường ấp ngập" đã được giải quyết
    Thì bị từ chối với mã "state.invalid"

  Kịch bản: Phản hồi của công dân, mở lại, giám sát của Mặt trận
    Cho ý kiến "đường ấp ngập" ở trạng thái "đã giải quyết"
    Khi công dân không hài lòng với trả lời ý kiến "đường ấp ngập"
    Thì sự kiện "CitizenFeedbackRecorded" được ghi nhận
    Khi Mặt trận Tổ quốc ghi nhận giám sát ý kiến "đường ấp ngập": "cần khảo sát lại" và có kiến nghị
    Thì sự kiện "SupervisionNoted" được ghi nhận
    Khi mở lại ý kiến "đường ấp ngập" với lý do "đường lại ngập"
    Thì sự kiện "ComplaintReopened" được ghi nhận
    Và ý kiến "đường ấp ngập" ở trạng thái "đang mở"

  Kịch bản: Công dân rút ý kiến
    Khi công dân rút ý kiến "đường ấp ngập" với lý do "đã tự thỏa thuận"
    Thì sự kiện "ComplaintWithdrawn" được ghi nhận
    Và trên bảng theo dõi, ý kiến "đường ấp ngập" là "đã rút"

  Kịch bản: Buổi làm việc không kết thúc khi còn ý kiến chưa trả lời hoặc hẹn
    Khi kết thúc buổi làm việc tháng 03/2024 của "Ninh Thới" với lý do chưa đạt chỉ tiêu "không có hộ cần thăm"
    Thì bị từ chối với mã "session.open_complaints" và thông báo "Chưa thể kết thúc buổi: còn 1 ý kiến chưa được trả lời hoặc hẹn."

  Kịch bản: Buổi làm việc kết thúc khi mọi ý kiến đã có hẹn
    Cho ý kiến "đường ấp ngập" ở trạng thái "tiếp thu, hẹn trả lời"
    Khi kết thúc buổi làm việc tháng 03/2024 của "Ninh Thới" với lý do chưa đạt chỉ tiêu "không có hộ cần thăm"
    Thì sự kiện "SessionClosed" được ghi nhận

  Kịch bản: Không nhận ý kiến ở buổi làm việc đã kết thúc
    Cho ý kiến "đường ấp ngập" ở trạng thái "trả lời tại chỗ"
    Và buổi làm việc tháng 03/2024 của "Ninh Thới" đã kết thúc với lý do chưa đạt chỉ tiêu "không có hộ cần thăm"
    Khi công dân "Lê Văn Tư" nêu ý kiến "đèn đường hư" tại buổi làm việc tháng 03/2024 của "Ninh Thới"
    Thì bị từ chối với mã "state.invalid"

  Kịch bản: Báo cáo tháng đếm ý kiến nhận, đã trả lời, đã giải quyết, quá hạn
    Cho công dân "Lê Văn Tư" đã nêu ý kiến "đèn đường hư" tại buổi làm việc tháng 03/2024 của "Ninh Thới"
    Và ý kiến "đường ấp ngập" ở trạng thái "tiếp thu, hẹn trả lời"
    Và ý kiến "đèn đường hư" ở trạng thái "đã giải quyết"
    Thì báo cáo của "Ninh Thới" từ 01/03/2024 đến 31/03/2024 có:
      | chỉ tiêu                | giá trị |
      | số ý kiến nhận          | 2       |
      | số ý kiến đã trả lời    | 1       |
      | số ý kiến đã giải quyết | 1       |
      | số ý kiến quá hạn       | 0       |
      | tỷ lệ giải quyết        | 50 %    |

  Kịch bản: Báo cáo lập sau ngày hẹn đếm ý kiến quá hạn chưa trả lời
    Cho ý kiến "đường ấp ngập" ở trạng thái "tiếp thu, hẹn trả lời"
    Thì báo cáo của "Ninh Thới" từ 01/03/2024 đến 31/03/2024 có:
      | chỉ tiêu          | giá trị |
      | số ý kiến quá hạn | 0       |
    Khi đến lúc 01/04/2024 08:00
    Thì báo cáo của "Ninh Thới" từ 01/03/2024 đến 31/03/2024 có:
      | chỉ tiêu          | giá trị |
      | số ý kiến quá hạn | 1       |
