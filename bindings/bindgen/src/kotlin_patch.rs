//! Exact-text changes to the Kotlin UniFFI generates, and how they are applied.
//!
//! Each change names the generated text it replaces, which must occur exactly once in a file
//! that holds the change's marker. When a UniFFI upgrade changes that text the bindgen fails and
//! names the file and the change, so a change is never silently lost (`scripts/gen-bindings.sh`,
//! the Gradle build and the Kotlin tests all generate through this binary).

/// Text in every file this binary has changed: a file holding it is never changed twice.
pub const STAMP: &str = "tamaru-bindgen";

/// One change: in a file holding `marker`, `generated` (exactly once) becomes `patched`.
pub struct Patch {
    pub name: &'static str,
    pub marker: &'static str,
    pub generated: &'static str,
    pub patched: &'static str,
}

/// The changed text of one generated file and the names of the changes made; `Ok(None)` when
/// no change's marker is in it.
pub fn apply(text: &str, patches: &[Patch]) -> Result<Option<(String, Vec<&'static str>)>, String> {
    let applicable: Vec<&Patch> = patches.iter().filter(|p| text.contains(p.marker)).collect();
    if applicable.is_empty() {
        return Ok(None);
    }
    if text.contains(STAMP) {
        return Err("already patched by tamaru-bindgen".into());
    }
    let mut out = text.to_string();
    for patch in &applicable {
        match out.matches(patch.generated).count() {
            1 => out = out.replacen(patch.generated, patch.patched, 1),
            n => {
                return Err(format!(
                    "`{}`: the text it changes occurs {n} times, not once; UniFFI's generated \
                     Kotlin changed, update bindings/bindgen/src for this UniFFI",
                    patch.name
                ));
            }
        }
    }
    Ok(Some((out, applicable.iter().map(|p| p.name).collect())))
}

/// Applies `patches` to every `.kt` file under `dir`; returns the names of the changes made
/// (once per file).
pub fn patch_dir(dir: &std::path::Path, patches: &[Patch]) -> Result<Vec<&'static str>, String> {
    let mut made = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            made.extend(patch_dir(&path, patches)?);
        } else if path.extension().is_some_and(|x| x == "kt") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            if let Some((new, names)) =
                apply(&text, patches).map_err(|e| format!("{}: {e}", path.display()))?
            {
                std::fs::write(&path, new).map_err(|e| format!("{}: {e}", path.display()))?;
                made.extend(names);
            }
        }
    }
    Ok(made)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATCHES: &[Patch] = &[
        Patch {
            name: "one",
            marker: "class A",
            generated: "fun a() = 1\n",
            patched: "fun a() = 2 // tamaru-bindgen\n",
        },
        Patch {
            name: "two",
            marker: "class B",
            generated: "fun b() = 1\n",
            patched: "fun b() = 2\n",
        },
    ];

    #[test]
    fn only_the_changes_whose_marker_is_in_the_file_are_made() {
        let text = "class A\nfun a() = 1\nfun b() = 1\n";
        let (out, names) = apply(text, PATCHES)
            .expect("applies")
            .expect("has a marker");
        assert_eq!(out, "class A\nfun a() = 2 // tamaru-bindgen\nfun b() = 1\n");
        assert_eq!(names, vec!["one"]);
        assert_eq!(apply("package x\nclass C\n", PATCHES), Ok(None));
    }

    #[test]
    fn changed_or_repeated_generated_text_fails_and_names_the_change() {
        let changed = apply("class A\nfun a() = 3\n", PATCHES).unwrap_err();
        assert!(
            changed.contains("`one`") && changed.contains("0 times"),
            "{changed}"
        );
        let twice = apply("class A\nfun a() = 1\nfun a() = 1\n", PATCHES).unwrap_err();
        assert!(twice.contains("2 times"), "{twice}");
    }

    #[test]
    fn a_changed_file_is_not_changed_twice() {
        let (once, _) = apply("class A\nfun a() = 1\n", PATCHES).unwrap().unwrap();
        assert_eq!(
            apply(&once, PATCHES),
            Err("already patched by tamaru-bindgen".into())
        );
    }
}
