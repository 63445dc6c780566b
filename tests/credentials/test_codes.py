"""Verification codes: unguessable, short enough to type, forgiving when typed."""

from learnhub.credentials.services import CODE_ALPHABET, new_code, normalize_code


def test_codes_have_80_random_bits_in_four_groups():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:50]:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4, 4, 4, 4]
        assert all(c in CODE_ALPHABET for c in "".join(groups))
    assert len(CODE_ALPHABET) ** 16 == 2**80


def test_typed_codes_are_forgiven_case_spaces_and_look_alike_letters():
    assert normalize_code("7k3m q9td 2hxa p4rw") == "7K3M-Q9TD-2HXA-P4RW"
    assert normalize_code("7K3M-Q9TD-2HXA-P4RO") == "7K3M-Q9TD-2HXA-P4R0"
    assert normalize_code("IL00-0000-0000-0000") == "1100-0000-0000-0000"
    assert normalize_code("too-short") is None
    assert normalize_code("7K3M-Q9TD-2HXA-P4RU") is None  # U is not in the alphabet
