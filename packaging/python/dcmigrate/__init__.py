"""dcmigrate's wheel carries a native binary, installed as the `dcmigrate` console script;
this package only finds it (`python -m dcmigrate`, or `dcmigrate.find_dcmigrate_bin()`)."""
from ._find import find_dcmigrate_bin

__all__ = ["find_dcmigrate_bin"]
