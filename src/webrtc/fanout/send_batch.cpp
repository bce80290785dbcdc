#include "webrtc/fanout/send_batch.h"

#include <sys/uio.h>

#include <cerrno>

namespace ocop::webrtc::fanout {

void SendBatch::commit(size_t len, const sockaddr_storage& to, socklen_t to_len) {
  lengths_[count_] = len;
  to_[count_] = to;
  to_len_[count_] = to_len;
  if (++count_ == kSlots) flush();
}

void SendBatch::flush() {
  std::array<mmsghdr, kSlots> msgs{};
  std::array<iovec, kSlots> iov{};
  for (size_t i = 0; i < count_; ++i) {
    iov[i] = {buffers_[i].data(), lengths_[i]};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = &to_[i];
    msgs[i].msg_hdr.msg_namelen = to_len_[i];
  }
  size_t done = 0;
  while (done < count_) {
    const int n = sendmmsg(fd_, msgs.data() + done, static_cast<unsigned>(count_ - done), MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      // A full socket buffer or an unreachable viewer: that datagram is lost,
      // as it would be on the path; NACKs recover what matters.
      ++errors_;
      ++done;
      continue;
    }
    for (int i = 0; i < n; ++i) bytes_ += lengths_[done + static_cast<size_t>(i)];
    sent_ += static_cast<uint64_t>(n);
    done += static_cast<size_t>(n);
  }
  count_ = 0;
}

}  // namespace ocop::webrtc::fanout
