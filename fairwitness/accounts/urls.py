from django.urls import path

from fairwitness.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("accounts/sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("accounts/sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("accounts/sign-up/", views.sign_up, name="sign-up"),
    path("accounts/two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("accounts/two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("home/", views.home, name="home"),
]
