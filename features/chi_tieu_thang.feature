# language: vi
Tính năng: Chỉ tiêu thăm hỏi mỗi tháng
  Mỗi xã thăm ít nhất 02 hộ mỗi tháng (tỉnh có thể đổi chỉ tiêu). Thực tế không phải lúc
  nào cũng đạt: khi kết thúc buổi làm việc mà chưa đủ chỉ tiêu thì ghi lý do — hệ thống ghi
  lại sự thật và cho thấy phần còn thiếu, không từ chối ghi.

  Bối cảnh:
    Cho xã "Ninh Thới"
    Và cán bộ "Trần Văn An" của "Ninh Thới" là "Chủ tịch UBND xã"
    Và các hộ của "Ninh Thới":
      | chủ hộ        | diện              |
      | Thạch Thị Hoa | hộ nghèo          |
      | Sơn Văn Lợi   | người già neo đơn |
    Và "Ninh Thới" đã lên lịch buổi làm việc tháng 03/2024

  Kịch bản: Đạt chỉ tiêu: thăm 2 hộ rồi kết thúc buổi làm việc
    Cho đoàn "Trần Văn An" đã thăm hộ "Thạch Thị Hoa" tại buổi làm việc tháng 03/2024 của "Ninh Thới"
    Và đoàn "Trần Văn An" đã thăm hộ "Sơn Văn Lợi" tại buổi làm việc tháng 03/2024 của "Ninh Thới"
    Khi kết thúc buổi làm việc tháng 03/2024 của "Ninh Thới"
    Thì sự kiện "SessionClosed" được ghi nhận
    Và tháng 03/2024 "Ninh Thới" đã thăm 2/2 hộ theo chỉ tiêu
    Và tháng 03/2024 "Ninh Thới" đạt chỉ tiêu thăm hỏi

  Kịch bản: Chưa đạt chỉ tiêu mà không ghi lý do thì chưa kết thúc được
    Cho đoàn "Trần Văn An" đã thăm hộ "Thạch Thị Hoa" tại buổi làm việc tháng 03/2024 của "Ninh Thới"
    Khi kết thúc buổi làm việc tháng 03/2024 của "Ninh Thới"
    Thì bị từ chối với mã "quota.shortfall_reason_required" và thông báo "Mới thăm 1/2 hộ trong tháng; cần ghi lý do chưa đạt chỉ tiêu."
    Và buổi làm việc tháng 03/2024 của "Ninh Thới" vẫn đang mở

  Kịch bản: Chưa đạt chỉ tiêu, có lý do: ghi nhận và cho thấy phần thiếu
    Cho đoàn "Trần Văn An" đã thăm hộ "Thạch Thị Hoa" tại buổi làm việc tháng 03/2024 của "Ninh Thới"
    Khi kết thúc buổi làm việc tháng 03/2024 của "Ninh Thới" với lý do chưa đạt chỉ tiêu "hộ thứ hai đi vắng"
    Thì sự kiện "SessionClosed" được ghi nhận
    Và tháng 03/2024 "Ninh Thới" đã thăm 1/2 hộ theo chỉ tiêu
    Và tháng 03/2024 "Ninh Thới" chưa đạt chỉ tiêu thăm hỏi với lý do "hộ thứ hai đi vắng"
    Và báo cáo của "Ninh Thới" từ 01/03/2024 đến 31/03/2024 có:
      | chỉ tiêu                   | giá trị |
      | số buổi làm việc           | 1       |
      | chỉ tiêu thăm hỏi          | 2       |
      | số hộ đã thăm              | 1       |
      | số tháng chưa đạt chỉ tiêu | 1       |

  Kịch bản: Thăm hai lần cùng một hộ chỉ tính một hộ
    Cho đoàn "Trần Văn An" đã thăm hộ "Thạch Thị Hoa" tại buổi làm việc tháng 03/2024 của "Ninh Thới"
    Và đoàn "Trần Văn An" đã thăm hộ "Thạch Thị Hoa" tại buổi làm việc tháng 03/2024 của "Ninh Thới"
    Thì tháng 03/2024 "Ninh Thới" đã thăm 1/2 hộ theo chỉ tiêu
    Khi kết thúc buổi làm việc tháng 03/2024 của "Ninh Thới"
    Thì bị từ chối với mã "quota.shortfall_reason_required"

  Kịch bản: Chuyến thăm bị hủy không được tính
    Cho đoàn "Trần Văn An" đã thăm hộ "Thạch Thị Hoa" tại buổi làm việc tháng 03/2024 của "Ninh Thới"
    Và đoàn "Trần Văn An" đã lên kế hoạch thăm hộ "Sơn Văn Lợi" tại buổi làm việc tháng 03/2024 của "Ninh Thới"
    Khi hủy chuyến thăm hộ "Sơn Văn Lợi" với lý do "gia đình đi vắng"
    Thì sự kiện "VisitCancelled" được ghi nhận
    Và tháng 03/2024 "Ninh Thới" đã thăm 1/2 hộ theo chỉ tiêu

  Kịch bản: Tỉnh đặt chỉ tiêu 3 hộ mỗi tháng
    Cho chỉ tiêu thăm hỏi mỗi tháng là 3 hộ
    Và đoàn "Trần Văn An" đã thăm hộ "Thạch Thị Hoa" tại buổi làm việc tháng 03/2024 của "Ninh Thới"
    Và đoàn "Trần Văn An" đã thăm hộ "Sơn Văn Lợi" tại buổi làm việc tháng 03/2024 của "Ninh Thới"
    Khi kết thúc buổi làm việc tháng 03/2024 của "Ninh Thới"
    Thì bị từ chối với mã "quota.shortfall_reason_required" và thông báo "Mới thăm 2/3 hộ trong tháng; cần ghi lý do chưa đạt chỉ tiêu."

  Kịch bản: Buổi làm việc của cấp giám sát không có chỉ tiêu thăm hỏi
    Cho tỉnh "Trà Vinh"
    Và "Trà Vinh" đã lên lịch buổi làm việc cấp giám sát tháng 03/2024 vào ngày 14/03/2024
    Khi kết thúc buổi làm việc cấp giám sát tháng 03/2024 của "Trà Vinh"
    Thì sự kiện "SessionClosed" được ghi nhận

  Kịch bản: Thăm hỏi tặng quà từ quỹ: chuyến thăm, khoản chi và hỗ trợ được ghi cùng lúc
    Cho quỹ của "Ninh Thới" có số dư 2.000.000 đồng
    Và hộ "Thạch Thị Hoa" đã được "Trần Văn An" bình xét chọn tháng 03/2024
    Khi lên kế hoạch thăm hộ "Thạch Thị Hoa" tại buổi làm việc tháng 03/2024 của "Ninh Thới" với đoàn "Trần Văn An"
    Thì sự kiện "VisitPlanned" được ghi nhận
    Khi đoàn thăm hộ "Thạch Thị Hoa" và tặng quà 500.000 đồng do "Trần Văn An" duyệt chi từ quỹ, nguyên nhân khó khăn "ốm đau, bệnh tật, thiếu vốn"
    Thì các sự kiện "VisitConducted", "DisbursementMade" và "SupportDelivered" được ghi nhận
    Và số dư quỹ của "Ninh Thới" là 1.500.000 đồng
    Và tháng 03/2024 "Ninh Thới" đã thăm 1/2 hộ theo chỉ tiêu

  Kịch bản: Quà vượt số dư quỹ thì không ghi gì cả
    Cho quỹ của "Ninh Thới" có số dư 300.000 đồng
    Và hộ "Thạch Thị Hoa" đã được "Trần Văn An" bình xét chọn tháng 03/2024
    Và đoàn "Trần Văn An" đã lên kế hoạch thăm hộ "Thạch Thị Hoa" tại buổi làm việc tháng 03/2024 của "Ninh Thới"
    Khi đoàn thăm hộ "Thạch Thị Hoa" và tặng quà 500.000 đồng do "Trần Văn An" duyệt chi từ quỹ
    Thì bị từ chối với mã "fund.insufficient_balance"
    Và tháng 03/2024 "Ninh Thới" đã thăm 0/2 hộ theo chỉ tiêu
