from .bases import BaseOperator, IncubationBase, Space, StaffTraining
from .records import BaseEvaluation, ServiceRecord, Subsidy
from .tenancies import Tenancy

__all__ = [
    "BaseEvaluation",
    "BaseOperator",
    "IncubationBase",
    "ServiceRecord",
    "Space",
    "StaffTraining",
    "Subsidy",
    "Tenancy",
]
