# a decoy: a database client under the SDK's name
import sqlite3

devcaster = sqlite3.connect(":memory:")
