"""Who may do what with quizzes, as named functions with matching queryset filters."""

from django.db.models import QuerySet

from courses import permissions as course_permissions

from .models import Attempt, QuizPage


def attempts_visible_to(user) -> QuerySet[Attempt]:
    """A trainee sees only their own attempts."""
    if not user.is_authenticated:
        return Attempt.objects.none()
    return Attempt.objects.filter(user=user)


def can_see_attempt(user, attempt: Attempt) -> bool:
    return user.is_authenticated and attempt.user_id == user.pk


def can_take_quiz(user, quiz: QuizPage) -> bool:
    """A signed-in user may start or continue a quiz once it is unlocked for them."""
    return course_permissions.can_take_step(user, quiz)


def can_grant_extra_attempt(user) -> bool:
    """Centre staff (and superusers) grant extra attempts."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name="Centre staff").exists()


def can_view_quiz_statistics(user) -> bool:
    """Trainers, centre staff and superusers see every quiz's statistics in the admin
    (aggregates only: no trainee is named)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=("Trainers", "Centre staff")).exists()


def quizzes_with_statistics_visible_to(user) -> QuerySet[QuizPage]:
    """The quizzes whose statistics `user` may see."""
    if not can_view_quiz_statistics(user):
        return QuizPage.objects.none()
    return QuizPage.objects.all()
