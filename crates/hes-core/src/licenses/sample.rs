//! The benchmark document: N licenses (`Data` 1 KB each), their N vaults and 300 orders, the
//! shape and size of a large real import (~165 MB at N = 100 000). Written as a stream, so a
//! benchmark's peak memory is the importer's own.

use std::io::Write;

/// Orders in the document (licenses are spread over them).
pub const ORDERS: usize = 300;
/// Bytes of each license's `Data` (base64 in the document).
pub const DATA_LEN: usize = 1024;

/// Write the benchmark document of `n` licenses to `w`.
pub fn write_document(mut w: impl Write, n: usize) -> std::io::Result<()> {
    let data = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        (0..DATA_LEN).map(|i| (i * 7) as u8).collect::<Vec<_>>(),
    );
    let order = |i: usize| format!("7e57a000-0000-4000-8000-{i:012}");
    write!(w, "{{\"DevicesDto\":[")?;
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        write!(w, "{sep}{{\"DeviceId\":\"ST{i:010}\",\"MAC\":\"02:{:02X}:{:02X}:{:02X}:{:02X}:01\",\"Model\":\"ST104\",\"RFID\":\"{i:010}\",\"Firmware\":\"3.4.1\"}}",
            (i >> 24) & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255)?;
    }
    write!(w, "],\"DeviceLicensesDto\":[")?;
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        write!(w, "{sep}{{\"Id\":\"{}\",\"LicenseOrderId\":\"{}\",\"DeviceId\":\"ST{i:010}\",\"EndDate\":\"20{:02}-{:02}-15T00:00:00\",\"Data\":\"{data}\"}}",
            uuid::Uuid::new_v4(), order(i % ORDERS), 26 + (i % 3), 1 + i % 12)?;
    }
    write!(w, "],\"LicenseOrdersDto\":[")?;
    for i in 0..ORDERS {
        let sep = if i == 0 { "" } else { "," };
        write!(w, "{sep}{{\"Id\":\"{}\",\"ContactEmail\":\"admin@example.com\",\"Note\":\"bench\",\"StartDate\":\"2026-01-01T00:00:00\",\"EndDate\":\"2028-12-31T00:00:00\",\"ProlongExistingLicenses\":false,\"CreatedAt\":\"2025-12-01T08:00:00\",\"OrderStatus\":4}}", order(i))?;
    }
    write!(w, "]}}")?;
    w.flush()
}
