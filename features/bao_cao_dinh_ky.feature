# language: vi
Tính năng: Báo cáo định kỳ tái hiện bảng kết quả 6 tháng đầu năm 2024 của huyện Cầu Kè
  Dữ liệu mẫu ghi lại, bằng đúng các lệnh của văn phòng xã, 6 tháng đầu năm 2024 của 11 xã,
  thị trấn huyện Cầu Kè. Báo cáo định kỳ, tính lại từ các sự kiện, phải cho đúng bảng số liệu
  trong bài viết: 55 buổi, 1.146 lượt người dự, 252 ý kiến đều được giải quyết, 55 suất quà
  trị giá 26,5 triệu đồng, 288 hộ được hỗ trợ trị giá 128,5 triệu đồng, hơn 2.000 lượt tình
  nguyện trên 46,3 km, 3 nhà tình thương, 3 nhà được sửa, 2 nhà vệ sinh.

  Bối cảnh:
    Cho dữ liệu mẫu của huyện Cầu Kè 6 tháng đầu năm 2024 đã được ghi nhận

  Kịch bản: Bảng kết quả của bài viết
    Thì báo cáo từ 01/01/2024 đến 30/06/2024 có:
      | chỉ tiêu                | giá trị           |
      | số buổi làm việc        | 55                |
      | số lượt người dự        | 1.146             |
      | số đơn vị               | 11                |
      | số ý kiến nhận          | 252               |
      | số ý kiến đã giải quyết | 252               |
      | tỷ lệ giải quyết        | 100 %             |
      | số suất quà             | 55                |
      | giá trị quà             | 26.500.000 đồng   |
      | số hộ được hỗ trợ       | 288               |
      | giá trị hỗ trợ hộ       | 128.500.000 đồng  |
      | số lượt tình nguyện     | hơn 2.000         |
      | chiều dài đường         | 46,3 km           |
      | số nhà tình thương      | 3                 |
      | giá trị nhà tình thương | 132.000.000 đồng  |
      | số nhà được sửa         | 3                 |
      | giá trị sửa nhà         | 54.300.000 đồng   |
      | số nhà vệ sinh          | 2                 |
      | giá trị nhà vệ sinh     | 2.900.000 đồng    |

  Khung kịch bản: Từng chỉ tiêu của bảng kết quả
    Thì báo cáo từ 01/01/2024 đến 30/06/2024 có "<chỉ tiêu>" là "<giá trị>"

    Dữ liệu:
      | chỉ tiêu            | giá trị          |
      | số buổi làm việc    | 55               |
      | số lượt người dự    | 1.146            |
      | số ý kiến nhận      | 252              |
      | tỷ lệ giải quyết    | 100 %            |
      | giá trị quà         | 26.500.000 đồng  |
      | giá trị hỗ trợ hộ   | 128.500.000 đồng |
      | chiều dài đường     | 46,3 km          |
      | số nhà tình thương  | 3                |

  Kịch bản: Số liệu thực tế cho thấy chưa đạt chỉ tiêu thăm hỏi 02 hộ/xã/tháng
    Thì báo cáo từ 01/01/2024 đến 30/06/2024 có:
      | chỉ tiêu                   | giá trị |
      | chỉ tiêu thăm hỏi          | 110     |
      | số hộ đã thăm              | 55      |
      | số tháng chưa đạt chỉ tiêu | 55      |

  Kịch bản: Báo cáo của một xã và một quý
    Thì báo cáo của "Xã Ninh Thới" từ 01/01/2024 đến 31/03/2024 có:
      | chỉ tiêu         | giá trị     |
      | số buổi làm việc | 2           |
      | số đơn vị        | 1           |
      | số lượt người dự | ít nhất 30  |

  Kịch bản: Tháng 2 nghỉ Tết Giáp Thìn, không có buổi làm việc
    Thì báo cáo từ 01/02/2024 đến 29/02/2024 có "số buổi làm việc" là "0"

  Kịch bản: Kiểm toán quỹ của dữ liệu mẫu đạt mọi kiểm tra
    Thì kiểm toán quỹ đạt mọi kiểm tra
    Và kiểm tra lịch sử thấy nguyên vẹn
