//! 存储空间 on the 数据 page: persistent-storage status, storage used and quota.
