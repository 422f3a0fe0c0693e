//! The C side: a `sqlite3_vfs` whose files keep their unsynced writes in the model
//! ([`crate::world`]) and delegate everything else — locks, shared memory, names, time — to the
//! real default VFS. Only the main database, its rollback journal and its WAL are modelled; temp
//! files go straight to the real VFS. The `-shm` file is the real VFS's (memory-mapped through
//! `xShmMap`); it is rebuilt from the WAL after a cut, so the test deletes it.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::Mutex;

use rusqlite::ffi;

use crate::world::{Refused, World};

/// What `pAppData` points at: the real VFS and this VFS's world. Leaked: a registered VFS lives
/// as long as the process.
pub(crate) struct Shared {
    real: *mut ffi::sqlite3_vfs,
    pub(crate) world: Mutex<World>,
}

// The real VFS pointer is SQLite's, valid and thread-safe for the process's life.
unsafe impl Send for Shared {}
unsafe impl Sync for Shared {}

impl Shared {
    pub(crate) fn world(&self) -> std::sync::MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Our file: SQLite's header, then the real VFS's file in the same allocation.
#[repr(C)]
struct CutFile {
    base: ffi::sqlite3_file,
    shared: *const Shared,
    key: *mut String,
    real: *mut ffi::sqlite3_file,
}

const HEADER: usize = std::mem::size_of::<CutFile>().next_multiple_of(16);

/// Registers the VFS under `name` (not as the default) and returns its shared state.
pub(crate) fn register(name: &str, world: World) -> Result<&'static Shared, String> {
    let real = unsafe { ffi::sqlite3_vfs_find(std::ptr::null()) };
    if real.is_null() {
        return Err("SQLite has no default VFS".into());
    }
    let shared: &'static Shared = Box::leak(Box::new(Shared {
        real,
        world: Mutex::new(world),
    }));
    let name = std::ffi::CString::new(name).map_err(|e| e.to_string())?;
    let real_ref = unsafe { &*real };
    let vfs = Box::leak(Box::new(ffi::sqlite3_vfs {
        iVersion: 2,
        szOsFile: c_int::try_from(HEADER).map_err(|e| e.to_string())? + real_ref.szOsFile,
        mxPathname: real_ref.mxPathname,
        pNext: std::ptr::null_mut(),
        zName: name.into_raw(),
        pAppData: (shared as *const Shared).cast_mut().cast(),
        xOpen: Some(x_open),
        xDelete: Some(x_delete),
        xAccess: Some(x_access),
        xFullPathname: Some(x_full_pathname),
        // Extensions are never loaded through this VFS (rusqlite's load_extension is off).
        xDlOpen: None,
        xDlError: None,
        xDlSym: None,
        xDlClose: None,
        xRandomness: Some(x_randomness),
        xSleep: Some(x_sleep),
        xCurrentTime: Some(x_current_time),
        xGetLastError: Some(x_get_last_error),
        xCurrentTimeInt64: Some(x_current_time_int64),
        xSetSystemCall: None,
        xGetSystemCall: None,
        xNextSystemCall: None,
    }));
    let rc = unsafe { ffi::sqlite3_vfs_register(vfs, 0) };
    if rc != ffi::SQLITE_OK {
        return Err(format!("sqlite3_vfs_register failed: {rc}"));
    }
    Ok(shared)
}

unsafe fn shared_of<'a>(vfs: *mut ffi::sqlite3_vfs) -> &'a Shared {
    unsafe { &*((*vfs).pAppData as *const Shared) }
}

unsafe fn real_vfs(vfs: *mut ffi::sqlite3_vfs) -> &'static mut ffi::sqlite3_vfs {
    unsafe { &mut *shared_of(vfs).real }
}

const MODELLED: c_int =
    ffi::SQLITE_OPEN_MAIN_DB | ffi::SQLITE_OPEN_MAIN_JOURNAL | ffi::SQLITE_OPEN_WAL;

static METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 2,
    xClose: Some(f_close),
    xRead: Some(f_read),
    xWrite: Some(f_write),
    xTruncate: Some(f_truncate),
    xSync: Some(f_sync),
    xFileSize: Some(f_file_size),
    xLock: Some(f_lock),
    xUnlock: Some(f_unlock),
    xCheckReservedLock: Some(f_check_reserved_lock),
    xFileControl: Some(f_file_control),
    xSectorSize: Some(f_sector_size),
    xDeviceCharacteristics: Some(f_device_characteristics),
    xShmMap: Some(f_shm_map),
    xShmLock: Some(f_shm_lock),
    xShmBarrier: Some(f_shm_barrier),
    xShmUnmap: Some(f_shm_unmap),
    xFetch: None,
    xUnfetch: None,
};

unsafe extern "C" fn x_open(
    vfs: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    let real = unsafe { real_vfs(vfs) };
    let Some(real_open) = real.xOpen else {
        return ffi::SQLITE_CANTOPEN;
    };
    if name.is_null() || flags & MODELLED == 0 {
        // Temp files: the real VFS's own, in our (larger) allocation.
        return unsafe { real_open(real, name, file, flags, out_flags) };
    }
    let cut = file.cast::<CutFile>();
    let real_file = unsafe { file.cast::<u8>().add(HEADER).cast::<ffi::sqlite3_file>() };
    unsafe { (*cut).base.pMethods = std::ptr::null() };
    let rc = unsafe { real_open(real, name, real_file, flags, out_flags) };
    if rc != ffi::SQLITE_OK {
        return rc;
    }
    let key = unsafe { CStr::from_ptr(name) }
        .to_string_lossy()
        .into_owned();
    let shared = unsafe { shared_of(vfs) };
    if shared.world().open(&key).is_err() {
        unsafe { close_real(real_file) };
        return ffi::SQLITE_CANTOPEN;
    }
    unsafe {
        (*cut).shared = shared;
        (*cut).key = Box::into_raw(Box::new(key));
        (*cut).real = real_file;
        (*cut).base.pMethods = &METHODS;
    }
    ffi::SQLITE_OK
}

unsafe fn close_real(real: *mut ffi::sqlite3_file) -> c_int {
    unsafe {
        match (*real).pMethods.as_ref().and_then(|m| m.xClose) {
            Some(close) => close(real),
            None => ffi::SQLITE_OK,
        }
    }
}

unsafe extern "C" fn x_delete(
    vfs: *mut ffi::sqlite3_vfs,
    name: *const c_char,
    sync_dir: c_int,
) -> c_int {
    let key = unsafe { CStr::from_ptr(name) }
        .to_string_lossy()
        .into_owned();
    if unsafe { shared_of(vfs) }.world().delete(&key).is_err() {
        return ffi::SQLITE_IOERR_DELETE;
    }
    let real = unsafe { real_vfs(vfs) };
    match real.xDelete {
        Some(delete) => unsafe { delete(real, name, sync_dir) },
        None => ffi::SQLITE_IOERR_DELETE,
    }
}

/// Delegates a VFS call to the real VFS, with the real VFS as its first argument.
macro_rules! delegate_vfs {
    ($name:ident, $field:ident, ($($arg:ident: $ty:ty),*), $ret:ty, $missing:expr) => {
        unsafe extern "C" fn $name(vfs: *mut ffi::sqlite3_vfs, $($arg: $ty),*) -> $ret {
            let real = unsafe { real_vfs(vfs) };
            match real.$field {
                Some(f) => unsafe { f(real, $($arg),*) },
                None => $missing,
            }
        }
    };
}

delegate_vfs!(x_access, xAccess, (name: *const c_char, flags: c_int, out: *mut c_int), c_int, ffi::SQLITE_IOERR_ACCESS);
delegate_vfs!(x_full_pathname, xFullPathname, (name: *const c_char, n: c_int, out: *mut c_char), c_int, ffi::SQLITE_CANTOPEN);
delegate_vfs!(x_randomness, xRandomness, (n: c_int, out: *mut c_char), c_int, 0);
delegate_vfs!(x_sleep, xSleep, (micros: c_int), c_int, 0);
delegate_vfs!(x_current_time, xCurrentTime, (out: *mut f64), c_int, ffi::SQLITE_ERROR);
delegate_vfs!(x_get_last_error, xGetLastError, (n: c_int, out: *mut c_char), c_int, 0);
delegate_vfs!(x_current_time_int64, xCurrentTimeInt64, (out: *mut ffi::sqlite3_int64), c_int, ffi::SQLITE_ERROR);

unsafe fn parts<'a>(file: *mut ffi::sqlite3_file) -> (&'a Shared, &'a str, *mut ffi::sqlite3_file) {
    let cut = file.cast::<CutFile>();
    unsafe { (&*(*cut).shared, (*(*cut).key).as_str(), (*cut).real) }
}

fn refused(e: Refused, power_off: c_int) -> c_int {
    match e {
        Refused::PowerOff => power_off,
        Refused::Io => ffi::SQLITE_IOERR,
    }
}

unsafe extern "C" fn f_close(file: *mut ffi::sqlite3_file) -> c_int {
    let cut = file.cast::<CutFile>();
    let rc = unsafe { close_real((*cut).real) };
    // The file's model stays (with what it still has pending) until the next `arm`.
    unsafe { drop(Box::from_raw((*cut).key)) };
    rc
}

unsafe extern "C" fn f_read(
    file: *mut ffi::sqlite3_file,
    buf: *mut c_void,
    amount: c_int,
    offset: ffi::sqlite3_int64,
) -> c_int {
    let (shared, key, _) = unsafe { parts(file) };
    let (Ok(len), Ok(offset)) = (usize::try_from(amount), u64::try_from(offset)) else {
        return ffi::SQLITE_IOERR_READ;
    };
    let buf = unsafe { std::slice::from_raw_parts_mut(buf.cast::<u8>(), len) };
    match shared.world().read(key, offset, buf) {
        Some(true) => ffi::SQLITE_OK,
        Some(false) => ffi::SQLITE_IOERR_SHORT_READ,
        None => ffi::SQLITE_IOERR_READ,
    }
}

unsafe extern "C" fn f_write(
    file: *mut ffi::sqlite3_file,
    buf: *const c_void,
    amount: c_int,
    offset: ffi::sqlite3_int64,
) -> c_int {
    let (shared, key, _) = unsafe { parts(file) };
    let (Ok(len), Ok(offset)) = (usize::try_from(amount), u64::try_from(offset)) else {
        return ffi::SQLITE_IOERR_WRITE;
    };
    let data = unsafe { std::slice::from_raw_parts(buf.cast::<u8>(), len) };
    match shared.world().write(key, offset, data) {
        Ok(()) => ffi::SQLITE_OK,
        Err(e) => refused(e, ffi::SQLITE_IOERR_WRITE),
    }
}

unsafe extern "C" fn f_truncate(file: *mut ffi::sqlite3_file, size: ffi::sqlite3_int64) -> c_int {
    let (shared, key, _) = unsafe { parts(file) };
    let Ok(size) = u64::try_from(size) else {
        return ffi::SQLITE_IOERR_TRUNCATE;
    };
    match shared.world().truncate(key, size) {
        Ok(()) => ffi::SQLITE_OK,
        Err(e) => refused(e, ffi::SQLITE_IOERR_TRUNCATE),
    }
}

unsafe extern "C" fn f_sync(file: *mut ffi::sqlite3_file, _flags: c_int) -> c_int {
    let (shared, key, _) = unsafe { parts(file) };
    match shared.world().sync(key) {
        Ok(()) => ffi::SQLITE_OK,
        Err(e) => refused(e, ffi::SQLITE_IOERR_FSYNC),
    }
}

unsafe extern "C" fn f_file_size(
    file: *mut ffi::sqlite3_file,
    out: *mut ffi::sqlite3_int64,
) -> c_int {
    let (shared, key, _) = unsafe { parts(file) };
    match shared.world().size(key).and_then(|n| i64::try_from(n).ok()) {
        Some(n) => {
            unsafe { *out = n };
            ffi::SQLITE_OK
        }
        None => ffi::SQLITE_IOERR_FSTAT,
    }
}

unsafe extern "C" fn f_file_control(
    file: *mut ffi::sqlite3_file,
    op: c_int,
    arg: *mut c_void,
) -> c_int {
    // A size hint would make the real VFS grow the real file behind the model's back.
    if op == ffi::SQLITE_FCNTL_SIZE_HINT {
        return ffi::SQLITE_OK;
    }
    let (_, _, real) = unsafe { parts(file) };
    match unsafe { (*real).pMethods.as_ref() }.and_then(|m| m.xFileControl) {
        Some(f) => unsafe { f(real, op, arg) },
        None => ffi::SQLITE_NOTFOUND,
    }
}

unsafe extern "C" fn f_device_characteristics(file: *mut ffi::sqlite3_file) -> c_int {
    let (_, _, real) = unsafe { parts(file) };
    // No atomic or sequential-write promises: only "a write never damages bytes it does not
    // cover", which the model keeps (a torn sector holds its old bytes).
    let real_caps =
        match unsafe { (*real).pMethods.as_ref() }.and_then(|m| m.xDeviceCharacteristics) {
            Some(f) => unsafe { f(real) },
            None => 0,
        };
    real_caps & ffi::SQLITE_IOCAP_POWERSAFE_OVERWRITE
}

/// Delegates a file call to the real file.
macro_rules! delegate_file {
    ($name:ident, $field:ident, ($($arg:ident: $ty:ty),*), $ret:ty, $missing:expr) => {
        unsafe extern "C" fn $name(file: *mut ffi::sqlite3_file, $($arg: $ty),*) -> $ret {
            let (_, _, real) = unsafe { parts(file) };
            match unsafe { (*real).pMethods.as_ref() }.and_then(|m| m.$field) {
                Some(f) => unsafe { f(real, $($arg),*) },
                None => $missing,
            }
        }
    };
}

delegate_file!(f_lock, xLock, (level: c_int), c_int, ffi::SQLITE_IOERR_LOCK);
delegate_file!(f_unlock, xUnlock, (level: c_int), c_int, ffi::SQLITE_IOERR_UNLOCK);
delegate_file!(f_check_reserved_lock, xCheckReservedLock, (out: *mut c_int), c_int, ffi::SQLITE_IOERR_CHECKRESERVEDLOCK);
delegate_file!(f_sector_size, xSectorSize, (), c_int, 4096);
delegate_file!(f_shm_map, xShmMap, (page: c_int, size: c_int, extend: c_int, out: *mut *mut c_void), c_int, ffi::SQLITE_IOERR_SHMMAP);
delegate_file!(f_shm_lock, xShmLock, (offset: c_int, n: c_int, flags: c_int), c_int, ffi::SQLITE_IOERR_SHMLOCK);
delegate_file!(f_shm_barrier, xShmBarrier, (), (), ());
delegate_file!(f_shm_unmap, xShmUnmap, (delete: c_int), c_int, ffi::SQLITE_OK);
