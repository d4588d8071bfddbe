"""The content models: one pydantic model per kind of content file."""

from .plan import Plan
from .process import DistrictPlan, Filing, Outputs
from .progress import Progress
from .records import Groups, Teachers
from .selfscore import SelfScore
from .site import District, Review, School, SiteConfig
from .training import Training
from .yearly import Yearly

FILE_MODELS = {
    "site.yml": SiteConfig,
    "_district.yml": District,
    "school.yml": School,
    "plan.yml": Plan,
    "training.yml": Training,
    "selfscore.yml": SelfScore,
    "progress.yml": Progress,
    "filing.yml": Filing,
    "outputs.yml": Outputs,
    "district-plan.yml": DistrictPlan,
    "teachers.yml": Teachers,
    "groups.yml": Groups,
    "yearly.yml": Yearly,
    "review": Review,
}
"""Which model validates which file (reviews/*.yml under the key 'review')."""

__all__ = ["Plan", "Training", "Progress", "School", "District", "SiteConfig", "Review", "SelfScore", "Filing", "Outputs", "DistrictPlan", "Teachers", "Groups",
           "Yearly", "FILE_MODELS"]
