# Tabs, wide characters and a multi-line span, for the full text format (tests/test_terminal.py)
from devcaster import Devcaster

dc = Devcaster()


def handler(user_id):
	name = "café 名前 ☕"; tools = dc.tools.get(user_id=user_id, toolkits=["GITHUB"])
	return tools


def multi(user_id):
	tools = dc.tools.get(
		user_id=user_id,
		toolkits=["GITHUB", "SLACK"],
	)
	return tools


def accented(user_id):
	# été — résumé
	résultat = dc.tools.get(user_id=user_id, toolkits=["NOTION"])
	return résultat
