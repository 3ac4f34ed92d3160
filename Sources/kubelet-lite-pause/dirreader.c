// kubelet-lite-pause — reading a directory's entries without the C library (getdents64).
#include "helper.h"

int kl_dir_rewind(struct kl_dir_reader *r, int fd) {
    r->fd = fd;
    r->filled = r->at = 0;
    return sys(SYS_lseek, fd, 0, 0) == 0 ? 0 : -1;
}

const struct kl_dirent64 *kl_dir_next(struct kl_dir_reader *r) {
    if (r->at >= r->filled) {
        r->filled = sys(SYS_getdents64, r->fd, r->buf, sizeof r->buf);
        r->at = 0;
        if (r->filled <= 0) return 0;
    }
    const struct kl_dirent64 *e = (const struct kl_dirent64 *)(r->buf + r->at);
    r->at += e->reclen;
    return e;
}
