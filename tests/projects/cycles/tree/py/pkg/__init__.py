from .a import devcaster
from .b import helper
