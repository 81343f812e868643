use super::*;

#[test]
fn server_side_shape_check() {
    assert!(plausible_email("taro@example.jp"));
    assert!(!plausible_email("taro@example"));
    assert!(!plausible_email("taro@@example.jp"));
    assert!(!plausible_email("@example.jp"));
    assert!(!plausible_email("ta ro@example.jp"));
    assert!(!plausible_email("taro@example..jp"));
}
