// Strings for sellers' and organizers' self-service (OCOP claims, go-live,
// buyers' orders), merged into i18n.js's dictionaries.
export const vi = {
  'ocop.pending': 'Đang xác minh OCOP', 'ocop.pending_title': 'Ban tổ chức đang kiểm tra chứng nhận OCOP của sản phẩm này',
  'claim.pending': 'Chờ ban tổ chức duyệt chứng nhận OCOP', 'claim.approved': 'Chứng nhận OCOP đã được duyệt',
  'claim.rejected': 'Chứng nhận bị từ chối: {reason}', 'claim.expires': 'Chứng nhận hết hạn ngày {date} (còn {n} ngày): hãy gia hạn và cập nhật.',
  'claim.expired': 'Chứng nhận đã hết hạn ngày {date}: huy hiệu OCOP không còn hiển thị.',
  'pf.cert_number': 'Số giấy chứng nhận', 'pf.claim_note': 'Sửa hạng sao, ngày cấp hoặc số chứng nhận thì ban tổ chức duyệt lại.',
  'org.nav.ocop': 'Duyệt OCOP', 'org.ocop': 'Duyệt chứng nhận OCOP', 'org.ocop_none': 'Không có chứng nhận nào chờ duyệt.',
  'org.ocop_sub': 'Chỉ sản phẩm được duyệt và còn hạn mới có huy hiệu OCOP.',
  'org.ocop_approve': 'Duyệt', 'org.ocop_reject': 'Từ chối', 'org.ocop_reason': 'Lý do từ chối (người bán sẽ thấy)',
  'org.ocop_reason_needed': 'Hãy ghi lý do từ chối để người bán biết cần sửa gì.',
  'org.ocop_approved': 'Đã duyệt: {name}', 'org.ocop_rejected': 'Đã từ chối: {name}',
  'org.ocop_cert': '{stars} sao · cấp ngày {date} · hết hạn {expires}', 'org.ocop_number': 'Số {number}',
};

export const en = {
  'ocop.pending': 'OCOP claim being checked', 'ocop.pending_title': 'The organizers are checking this product\'s OCOP certificate',
  'claim.pending': 'Waiting for the organizers to check the OCOP certificate', 'claim.approved': 'OCOP certificate approved',
  'claim.rejected': 'Certificate rejected: {reason}', 'claim.expires': 'The certificate expires on {date} ({n} days left): renew it and update the product.',
  'claim.expired': 'The certificate expired on {date}: the OCOP badge is no longer shown.',
  'pf.cert_number': 'Certificate number', 'pf.claim_note': 'Changing the stars, date or certificate number sends the claim back for review.',
  'org.nav.ocop': 'OCOP review', 'org.ocop': 'OCOP certificate review', 'org.ocop_none': 'No certificate is waiting for review.',
  'org.ocop_sub': 'Only approved, unexpired products carry the OCOP badge.',
  'org.ocop_approve': 'Approve', 'org.ocop_reject': 'Reject', 'org.ocop_reason': 'Reason for rejecting (the seller sees it)',
  'org.ocop_reason_needed': 'Give a reason so the seller knows what to fix.',
  'org.ocop_approved': 'Approved: {name}', 'org.ocop_rejected': 'Rejected: {name}',
  'org.ocop_cert': '{stars} stars · issued {date} · expires {expires}', 'org.ocop_number': 'No. {number}',
};
