use super::*;
use crate::testing::t0;

/// The SHA-256 of every shipped file, as `sha256sum core/src/schema/<file>` prints it. Once a
/// migration ships, its line here never changes: a change of schema or seeded data is a new
/// migration with a new line.
struct Pin {
    version: u32,
    /// `schema/vN.sql`.
    sql: &'static str,
    /// The data files the SQL names, as `(":name", hash)`.
    data: &'static [(&'static str, &'static str)],
}

const PINS: &[Pin] = &[
    Pin {
        version: 1,
        sql: "c7642c322c84f21262452ef61edf1bb5cf11a6ce88b6d38d41dcaed44f2831cd",
        data: &[],
    },
    Pin {
        version: 2,
        sql: "685c88b958352be7838737edc6d27f37f657d516a5fc449a57336269bdc7d6db",
        data: &[(
            ":default_framework",
            "62e8a565bda7f0f3c6409297b698b365ee0a7d648ffc4f3f5df177180291e388",
        )],
    },
    Pin {
        version: 3,
        sql: "a9e983950b6b7a29895d2e534a81a306e046b454203201afa7007d30a02f280b",
        data: &[],
    },
    Pin {
        version: 4,
        sql: "e5fb7e2d063699da420bf881067416aef2415b1a41dca7c917ddc69f80d8d8e3",
        data: &[],
    },
    Pin {
        version: 5,
        sql: "6fb3f79fba08667a0c428216085bb6aaa545411b5fda99bc164ebd95df832bc2",
        data: &[],
    },
    Pin {
        version: 6,
        sql: "b21933161d77626206c6d01f37659e090d6e4134f7cd6688f30c3bb03d0ca321",
        data: &[],
    },
    Pin {
        version: 7,
        sql: "d3a3c56a96d9da610040db5e2dcfc327d2c487319ce0d9844019a80795019226",
        data: &[],
    },
    Pin {
        version: 8,
        sql: "84b11b9d06384a9dca85d7cb7cec31fc19d2ce8f16e2d625838ef597b0b56de5",
        data: &[],
    },
    Pin {
        version: 9,
        sql: "d1cf9b27aa8b8752ece06e55177778d28104504d020130b720ba63be6fdde16f",
        data: &[],
    },
    Pin {
        version: 10,
        sql: "01286072ed0bde51ff8fce7acc227e3a101a54ce2af17e137863848ac6c1b861",
        data: &[],
    },
    Pin {
        version: 11,
        sql: "fcb2ee76f97afb26868e5477d0dd5ef91f1478039dbadc6cbb4eb090a83f6582",
        data: &[],
    },
];

#[test]
fn every_shipped_migration_is_pinned_byte_for_byte() {
    for (index, migration) in MIGRATIONS.iter().enumerate() {
        let version = index as u32 + 1;
        let Some(pin) = PINS.get(index) else {
            panic!(
                "migration v{version} has no pin: when it ships, add its SHA-256 to PINS \
                 (sha256sum core/src/schema/v{version}.sql) = {}",
                sha256_hex(migration.sql.as_bytes())
            );
        };
        assert_eq!(
            pin.version, version,
            "PINS are in version order, one per migration"
        );
        assert_eq!(
            sha256_hex(migration.sql.as_bytes()),
            pin.sql,
            "shipped migration v{version} changed (core/src/schema/v{version}.sql): \
             add a new migration instead"
        );
        let names: Vec<&str> = migration.data.iter().map(|(name, _)| *name).collect();
        let pinned: Vec<&str> = pin.data.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            names, pinned,
            "shipped migration v{version} changed (the data it names): add a new migration instead"
        );
        for ((name, text), (_, hash)) in migration.data.iter().zip(pin.data) {
            assert_eq!(
                sha256_hex(text.as_bytes()),
                *hash,
                "shipped migration v{version} changed (its data {name}): \
                 add a new migration instead"
            );
        }
    }
    assert_eq!(
        PINS.len(),
        MIGRATIONS.len(),
        "a shipped migration was removed: files in the wild still have its version"
    );
}

#[test]
fn a_new_files_default_framework_is_the_live_default() {
    let store = crate::Store::open_in_memory(t0()).expect("a new store opens");
    let seeded = store
        .default_framework()
        .expect("the new store has a default framework");
    assert!(
        seeded.definition == crate::framework::default_definition(),
        "a new file's default framework (seeded by migration v2 from \
         core/src/schema/v2_default_framework.json) differs from framework::default_definition(): \
         a different default ships as a new migration that adds a framework version, never as an \
         edit of default.rs or of the frozen file"
    );
    assert_eq!(
        (seeded.version, seeded.based_on.as_deref()),
        (1, None),
        "the seeded default is the first version of its own lineage"
    );
}

#[test]
fn a_name_the_runner_does_not_know_is_refused_not_bound_as_null() {
    let mut conn = rusqlite::Connection::open_in_memory().expect("opens in memory");
    let tx = conn.transaction().expect("begins");
    let migration = Migration {
        sql: "CREATE TABLE t (x TEXT NOT NULL); INSERT INTO t VALUES (:unknown);",
        data: &[],
    };
    let cx = MigrationContext {
        now: t0(),
        device_id: "device",
    };
    let err = run(&tx, &migration, 99, &cx).expect_err("an unknown name must be refused");
    assert!(
        err.to_string().contains(":unknown"),
        "the refusal names the parameter, got {err}"
    );
}

#[test]
fn the_runner_binds_its_named_values_and_the_migrations_data() {
    let mut conn = rusqlite::Connection::open_in_memory().expect("opens in memory");
    let tx = conn.transaction().expect("begins");
    let migration = Migration {
        sql: "CREATE TABLE t (a TEXT, b TEXT, c TEXT, d TEXT);
              INSERT INTO t VALUES (:now, :device_id, :new_id, :extra);
              INSERT INTO t SELECT :now, :device_id, :new_id, :extra;",
        data: &[(":extra", "frozen text")],
    };
    let cx = MigrationContext {
        now: t0(),
        device_id: "device",
    };
    run(&tx, &migration, 99, &cx).expect("runs");
    let rows: Vec<(String, String, String, String)> = tx
        .prepare("SELECT a, b, c, d FROM t")
        .expect("prepares")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("queries")
        .collect::<std::result::Result<_, _>>()
        .expect("reads");
    assert_eq!(rows.len(), 2, "both statements ran");
    assert_eq!(
        rows[0], rows[1],
        "one migration sees one id and one instant in all its statements"
    );
    let bound_now = format_instant(t0());
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1.as_str(), rows[0].3.as_str()),
        (bound_now.as_str(), "device", "frozen text"),
        "the instant is in the one text form, the device and the data as given"
    );
    assert!(
        uuid::Uuid::parse_str(&rows[0].2).is_ok(),
        ":new_id is a UUID, got {}",
        rows[0].2
    );
    assert_eq!(
        rows[0].2,
        seeded_id(99),
        ":new_id is the migration's seeded id, whichever device runs it"
    );
    assert_ne!(
        seeded_id(99),
        seeded_id(2),
        "each migration seeds under an id of its own"
    );
}

#[test]
fn sha256_matches_the_standard_vectors() {
    assert_eq!(
        sha256_hex(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "the hash of nothing is the standard one"
    );
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "FIPS 180-2 example: one block"
    );
    assert_eq!(
        sha256_hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        "FIPS 180-2 example: padding spills into a second block"
    );
}

/// SHA-256 (FIPS 180-4), so the pins can be checked with `sha256sum` and no new dependency.
fn sha256_hex(bytes: &[u8]) -> String {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut message = bytes.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&(bytes.len() as u64 * 8).to_be_bytes());
    for block in message.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (state, add) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *state = state.wrapping_add(add);
        }
    }
    h.iter().map(|word| format!("{word:08x}")).collect()
}
