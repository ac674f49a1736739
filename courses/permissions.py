"""Who may do what in courses, as named functions with matching queryset filters."""

from django.db.models import QuerySet

from . import services
from .models import Enrollment, LessonPage, StepPage

# The Django group whose members author course pages in Wagtail (created by a data
# migration in accounts; its page permissions are set by `ensure_trainer_permissions`).
TRAINERS_GROUP = "Trainers"


def can_take_step(user, step: StepPage) -> bool:
    """A signed-in user may open or complete a step once it is unlocked for them."""
    return user.is_authenticated and services.is_step_unlocked(user, step)


def can_mark_complete(user, page) -> bool:
    """Only lessons are completed by pressing a button; a quiz is completed by passing it
    (through `services.complete_step`, called by quizzes)."""
    return isinstance(page, LessonPage) and can_take_step(user, page)


def enrollments_visible_to(user) -> QuerySet[Enrollment]:
    """A trainee sees only their own enrolments."""
    if not user.is_authenticated:
        return Enrollment.objects.none()
    return Enrollment.objects.filter(user=user)
