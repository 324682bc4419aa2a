from devcaster import Devcaster

devcaster = Devcaster()
